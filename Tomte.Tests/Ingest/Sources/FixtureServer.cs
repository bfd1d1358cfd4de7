using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

/// <summary>
/// A real HTTP server on loopback that answers with recorded-shape fixture bodies. Fixture links were recorded
/// against <c>http://localhost:5000</c>; they are rewritten to this server's address as they are served.
/// </summary>
internal sealed class FixtureServer : IAsyncDisposable
{
    public const string RecordedBase = "http://localhost:5000";

    private readonly WebApplication _app;

    private FixtureServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<FixtureServer> StartAsync(Func<HttpContext, int, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        FixtureServer? server = null;
        var count = 0;
        app.Run(async context =>
        {
            var number = Interlocked.Increment(ref count);
            server!.Requests.Enqueue(new RecordedRequest(number, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.ToString(), context.Request.Headers.Accept.ToString()));
            await handle(context, number);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FixtureServer(app, new Uri(address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The worker's source registrations, pointed at this server, with retry delays in milliseconds.</summary>
    public ServiceProvider Services(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Tomte:Sources:Nap:BaseUrl"] = BaseUri.AbsoluteUri,
            ["Tomte:Sources:Nap:PageSize"] = "2",
            ["Tomte:Sources:Teig:BaseUrl"] = new Uri(BaseUri, "skwms1/wfs.matrikkelen-eiendomskart-teig").AbsoluteUri,
            ["Tomte:Sources:Teig:PageSize"] = "3",
            ["Tomte:Sources:Http:MaxRetries"] = "3",
            ["Tomte:Sources:Http:RetryDelay"] = "00:00:00.001",
            ["Tomte:Sources:Http:MaxRetryDelay"] = "00:01:00",
            ["Tomte:Sources:Http:AttemptTimeout"] = "00:00:10",
            ["Tomte:Sources:Http:TotalTimeout"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddTomteSources(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }
}

internal sealed record RecordedRequest(int Number, string Path, string Query, string Authorization, string Accept)
{
    public string Parameter(string name)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query);
        return parsed.TryGetValue(name, out var value) ? value.ToString() : "";
    }
}
