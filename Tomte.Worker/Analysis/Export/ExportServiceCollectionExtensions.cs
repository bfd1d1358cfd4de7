using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Tomte.Worker.Analysis.Export;

public static class ExportServiceCollectionExtensions
{
    /// <summary>The export has no settings of its own (paths come from the command line; the demo uses Tomte:Output).</summary>
    public static IServiceCollection AddExport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<ExportRunner>();
        services.AddSingleton<ExportDemoStep>();
        return services;
    }
}
