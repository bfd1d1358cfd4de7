using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Ingest.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>The HttpClient name every feature service is called through.</summary>
    public const string HttpClientName = "Tomte.Sources";

    public static IServiceCollection AddTomteSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<SourcesOptions, SourcesOptionsValidator>(configuration, SourcesOptions.Section);

        services.AddHttpClient(HttpClientName, (sp, client) =>
            {
                var http = sp.GetRequiredService<IOptions<SourcesOptions>>().Value.Http;
                // The resilience pipeline owns timeouts; the client's own would cut long streamed bodies short.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(http.UserAgent);
            })
            .AddResilienceHandler("sources", (pipeline, context) =>
            {
                var http = context.ServiceProvider.GetRequiredService<IOptions<SourcesOptions>>().Value.Http;
                pipeline
                    .AddTimeout(http.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = http.MaxRetries,
                        Delay = http.RetryDelay,
                        MaxDelay = http.MaxRetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                    })
                    .AddTimeout(http.AttemptTimeout);
            });

        services.AddSingleton<FeatureServices>();
        return services;
    }
}
