using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<AnalysisOptions, AnalysisOptionsValidator>(configuration, AnalysisOptions.Section);
        services.AddSingleton<SiteAttributes>();
        services.AddSingleton<KommuneAnalysis>();
        services.AddSingleton<AnalysisRunner>();
        services.AddSingleton<AnalysisReport>();
        return services;
    }
}
