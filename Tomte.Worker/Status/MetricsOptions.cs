using System.Net;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Status;

/// <summary>
/// <c>Tomte:Metrics</c>: the Prometheus scrape endpoint of <c>tomte run</c>. Off unless a port is set (the one-shot
/// verbs never serve it); deploy/install.sh sets 9464 in /etc/tomte/appsettings.json. Loopback only: an operator's
/// Prometheus or agent on the same machine scrapes it, and nothing is exposed to the network.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Tomte:Metrics";

    /// <summary>TCP port of http://{PrometheusHost}:{port}/metrics; 0 turns the endpoint off.</summary>
    public int PrometheusPort { get; set; }

    /// <summary>An IPv4 loopback address (127.x.x.x) or localhost.</summary>
    public string PrometheusHost { get; set; } = "127.0.0.1";

    public bool Enabled => PrometheusPort > 0;

    public string Prefix => $"http://{PrometheusHost}:{PrometheusPort}/";
}

internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        const string section = MetricsOptions.Section;
        var failures = new List<string>();
        if (options.PrometheusPort is < 0 or > 65535)
        {
            failures.Add($"{section}:PrometheusPort is {options.PrometheusPort}; it must be a TCP port (1-65535), or 0 to turn the endpoint off.");
        }
        var host = options.PrometheusHost;
        if (host != "localhost" && !(IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && IPAddress.IsLoopback(address)))
        {
            failures.Add($"{section}:PrometheusHost '{host}' is not an IPv4 loopback address; use 127.0.0.1 or localhost (scrape from this machine or put a proxy in front).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
