using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tomte.Worker.Hosting;

namespace Tomte.Tests.Infrastructure;

/// <summary>The worker's own host, pointed at a test database, with extra settings on top.</summary>
public static class TestHost
{
    public static IHost Build(PostgisDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool isService = false)
    {
        var values = new Dictionary<string, string?>
        {
            ["Tomte:Database:ConnectionString"] = database.ConnectionString,
            ["Tomte:Output:Directory"] = Path.Combine(Path.GetTempPath(), "tomte-tests", database.Name),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var builder = TomteHost.CreateBuilder([], isService, values);
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static T Get<T>(IHost host) where T : notnull => host.Services.GetRequiredService<T>();
}
