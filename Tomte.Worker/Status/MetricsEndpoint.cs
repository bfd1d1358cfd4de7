using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Status;

/// <summary>
/// The Prometheus scrape endpoint of <c>tomte run</c>: a meter provider for the meter <see cref="TomteMetrics.MeterName"/>
/// with the HttpListener exporter, built when the service starts and disposed when it stops. It is a hosted service
/// (rather than the DI-wide OpenTelemetry registration) because a one-shot verb beside the running service must never
/// try to open the same port: verbs never start their host.
/// </summary>
internal sealed class MetricsEndpoint(IOptions<MetricsOptions> options, ILogger<MetricsEndpoint> logger) : IHostedService, IDisposable
{
    private MeterProvider? _provider;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService("tomte"))
            .AddMeter(TomteMetrics.MeterName)
            .AddPrometheusHttpListener(o =>
            {
                o.Host = settings.PrometheusHost;
                o.Port = settings.PrometheusPort;
                o.ScrapeEndpointPath = "/metrics";
            })
            .Build();
        logger.MetricsEndpoint(settings.Prefix + "metrics");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _provider?.Dispose();
        _provider = null;
    }
}
