using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Status;

public static class StatusServiceCollectionExtensions
{
    /// <summary>
    /// <c>tomte status</c>, the Systemstatus table and its job (registered with the other jobs in AddTomteJobs), the
    /// demo's status step, and the metrics: <see cref="TomteMetrics"/> for every step, and for <c>tomte run</c> with
    /// Tomte:Metrics:PrometheusPort set, a Prometheus scrape endpoint on loopback (<see cref="MetricsEndpoint"/>, a hosted
    /// service, so the one-shot verbs, which never start their host, never open it).
    /// </summary>
    public static IServiceCollection AddTomteStatus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<StatusOptions, StatusOptionsValidator>(configuration, StatusOptions.Section);
        services.AddTomteOptions<MetricsOptions, MetricsOptionsValidator>(configuration, MetricsOptions.Section);
        services.AddMetrics();
        services.TryAddSingleton<TomteMetrics>();
        services.AddTransient<StatusReader>();
        services.AddTransient<SystemstatusWriter>();

        var metrics = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (metrics.Enabled)
        {
            services.AddHostedService<MetricsEndpoint>();
        }
        return services;
    }
}
