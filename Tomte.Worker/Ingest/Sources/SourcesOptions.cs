using Microsoft.Extensions.Options;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Where the feature services are and how to talk to them (<c>Tomte:Sources:*</c>). Passwords come from the
/// environment (<c>Tomte__Sources__Nap__Password</c>), never from a committed file.
/// </summary>
public sealed class SourcesOptions
{
    public const string Section = "Tomte:Sources";

    /// <summary>DiBK's national plan copy (OGC API Features, pygeoapi). Services below it: <c>kommuneplaner</c>, <c>reguleringsplaner/vn2</c>...</summary>
    public SourceEndpointOptions Nap { get; set; } = new() { BaseUrl = "https://nap.ft.dibk.no/services/rest/" };

    /// <summary>Kartverket's open parcel WFS (Matrikkelen-Eiendomskart-Teig).</summary>
    public SourceEndpointOptions Teig { get; set; } = new() { BaseUrl = "https://wfs.geonorge.no/skwms1/wfs.matrikkelen-eiendomskart-teig", PageSize = 1000 };

    /// <summary>Any other service by a name the dataset mappings use (kommune borders, constraints, stops); see <see cref="DefaultServices"/>.</summary>
    public Dictionary<string, SourceEndpointOptions> Endpoints { get; set; } = DefaultServices.Endpoints();

    /// <summary>
    /// Where downloaded files (Entur's stop register) are kept between runs, so that an unchanged file is not fetched
    /// again (conditional GET on its ETag / Last-Modified). Empty = <c>tomte-downloads</c> in the system temp folder.
    /// </summary>
    public string DownloadDirectory { get; set; } = "";

    public SourceHttpOptions Http { get; set; } = new();

    /// <summary>The endpoint called <paramref name="name"/>: <c>Nap</c>, <c>Teig</c> or a key under <c>Endpoints</c>.</summary>
    public SourceEndpointOptions Endpoint(string name)
    {
        if (string.Equals(name, nameof(Nap), StringComparison.OrdinalIgnoreCase))
        {
            return Nap;
        }
        if (string.Equals(name, nameof(Teig), StringComparison.OrdinalIgnoreCase))
        {
            return Teig;
        }
        return Endpoints.TryGetValue(name, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"No source endpoint '{name}' is configured: set {Section}:Endpoints:{name}:BaseUrl (known: {string.Join(", ", new[] { nameof(Nap), nameof(Teig) }.Concat(Endpoints.Keys))}).");
    }

    internal static string Key(string name) =>
        string.Equals(name, nameof(Nap), StringComparison.OrdinalIgnoreCase) || string.Equals(name, nameof(Teig), StringComparison.OrdinalIgnoreCase)
            ? $"{Section}:{name}"
            : $"{Section}:Endpoints:{name}";
}

public sealed class SourceEndpointOptions
{
    public string BaseUrl { get; set; } = "";

    /// <summary>HTTP Basic user name (NAP: a Norge digitalt party's account); empty for open services.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Features per request (OGC API <c>limit</c>, WFS <c>count</c>).</summary>
    public int PageSize { get; set; } = 1000;
}

/// <summary>Retries with exponential backoff on 408/429/5xx, timeouts and connection failures; a Retry-After header wins.</summary>
public sealed class SourceHttpOptions
{
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one request may wait for the response headers before it is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one request may take with all its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(15);

    public string UserAgent { get; set; } = "Tomte/1.0 (+plan ingest)";
}

internal sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var failures = new List<string>();
        ValidateEndpoint(failures, nameof(SourcesOptions.Nap), options.Nap);
        ValidateEndpoint(failures, nameof(SourcesOptions.Teig), options.Teig);
        foreach (var (endpointName, endpoint) in options.Endpoints)
        {
            ValidateEndpoint(failures, endpointName, endpoint);
        }
        var http = options.Http;
        var key = $"{SourcesOptions.Section}:Http";
        if (http.MaxRetries is < 0 or > 20)
        {
            failures.Add($"{key}:MaxRetries is {http.MaxRetries}; it must be between 0 and 20.");
        }
        if (http.RetryDelay <= TimeSpan.Zero || http.RetryDelay > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{key}:RetryDelay '{http.RetryDelay}' must be above 0 and at most 00:10:00.");
        }
        if (http.MaxRetryDelay < http.RetryDelay)
        {
            failures.Add($"{key}:MaxRetryDelay '{http.MaxRetryDelay}' is shorter than {key}:RetryDelay '{http.RetryDelay}'.");
        }
        if (http.AttemptTimeout <= TimeSpan.Zero || http.AttemptTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{key}:AttemptTimeout '{http.AttemptTimeout}' must be above 0 and at most 01:00:00.");
        }
        if (http.TotalTimeout < http.AttemptTimeout)
        {
            failures.Add($"{key}:TotalTimeout '{http.TotalTimeout}' is shorter than {key}:AttemptTimeout '{http.AttemptTimeout}'.");
        }
        if (string.IsNullOrWhiteSpace(http.UserAgent))
        {
            failures.Add($"{key}:UserAgent is empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateEndpoint(List<string> failures, string name, SourceEndpointOptions endpoint)
    {
        var key = SourcesOptions.Key(name);
        if (!Uri.TryCreate(endpoint.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"{key}:BaseUrl '{endpoint.BaseUrl}' is not an absolute http(s) URL.");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            failures.Add($"{key}:BaseUrl carries credentials; put them in {key}:Username and {key}:Password (from the environment).");
        }
        if (endpoint.PageSize is < 1 or > 100_000)
        {
            failures.Add($"{key}:PageSize is {endpoint.PageSize}; it must be between 1 and 100000.");
        }
        if (string.IsNullOrEmpty(endpoint.Username) != string.IsNullOrEmpty(endpoint.Password))
        {
            failures.Add($"{key}: set both Username and Password (Password from the environment, e.g. {key.Replace(":", "__", StringComparison.Ordinal)}__Password), or neither.");
        }
    }
}
