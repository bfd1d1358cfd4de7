using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Tomte.Worker.Status;

/// <summary>
/// Starts the meter provider with the service (so the Prometheus listener is open from the start, not at the first
/// measurement) and logs where an operator scrapes it.
/// </summary>
internal sealed class MetricsEndpointLog(MeterProvider provider, IOptions<MetricsOptions> options, ILogger<MetricsEndpointLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(provider);
        logger.MetricsEndpoint(options.Value.Prefix + "metrics");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
