using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Analysis.Scoring;

public static class ScoringServiceCollectionExtensions
{
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<ScoringOptions, ScoringOptionsValidator>(configuration, ScoringOptions.Section);
        services.AddSingleton<ScoreRunner>();
        services.AddSingleton<ScoreBreakdown>();
        services.AddSingleton<ScoreRanking>();
        return services;
    }
}
