using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AnalysisOptions>()
            .Bind(configuration.GetSection(AnalysisOptions.Section));
        services.AddSingleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsValidator>();
        services.AddSingleton<SiteAttributes>();
        services.AddSingleton<KommuneAnalysis>();
        services.AddSingleton<AnalysisRunner>();
        services.AddSingleton<AnalysisReport>();
        services.AddSingleton<AnalysisDemoStep>();
        return services;
    }
}
