using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Airtable;

public sealed partial class AirtableOptions
{
    public const string Section = "Tomte:Airtable";

    /// <summary>The Web API root; tests point it at the in-process fake.</summary>
    public string ApiUrl { get; set; } = "https://api.airtable.com";

    /// <summary>The root that serves uploadAttachment (Airtable keeps it on a separate host).</summary>
    public string ContentUrl { get; set; } = "https://content.airtable.com";

    /// <summary>Personal access token; comes from the environment (Tomte__Airtable__Token), never from a committed file.</summary>
    public string Token { get; set; } = "";

    /// <summary>The base Tomte fills, e.g. appXXXXXXXXXXXXXX.</summary>
    public string BaseId { get; set; } = "";

    /// <summary>Requests allowed per <see cref="RateLimitWindow"/> and base; Airtable allows 5 per second.</summary>
    public int RequestsPerSecond { get; set; } = 5;

    /// <summary>The window Airtable counts requests in (one second); tests shrink it to scale time.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Extra spacing the limiter keeps on top of the window, so that jitter between leaving this process and
    /// arriving at Airtable never squeezes six requests into one of Airtable's seconds.
    /// </summary>
    public TimeSpan RateLimitSafetyMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long Airtable locks a base out after a 429; the client waits at least this long before retrying.</summary>
    public TimeSpan RateLimitPenalty { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one HTTP attempt (waiting for the rate limiter not included).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of idempotent requests after a 5xx, a network error or a timeout.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First delay of the exponential back-off for those retries.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// API calls the plan allows per month (Airtable Team: 100,000; Free: 1,000); every request is counted in
    /// ops.airtable_call, and <c>tomte status</c> and Systemstatus show the month's use against this.
    /// </summary>
    public int MonthlyCallBudget { get; set; } = 100_000;

    /// <summary>True when a token and a base are set; without them Tomte works offline (the demo writes CSV files).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Token) && !string.IsNullOrWhiteSpace(BaseId);

    public static bool IsBaseId(string value) => BaseIdPattern().IsMatch(value);

    [GeneratedRegex("^app[A-Za-z0-9]{14}$", RegexOptions.CultureInvariant)]
    private static partial Regex BaseIdPattern();
}

internal sealed class AirtableOptionsValidator : IValidateOptions<AirtableOptions>
{
    public ValidateOptionsResult Validate(string? name, AirtableOptions options)
    {
        const string section = AirtableOptions.Section;
        var failures = new List<string>();
        CheckUrl(failures, $"{section}:ApiUrl", options.ApiUrl);
        CheckUrl(failures, $"{section}:ContentUrl", options.ContentUrl);
        if (!string.IsNullOrEmpty(options.BaseId) && !AirtableOptions.IsBaseId(options.BaseId))
        {
            failures.Add($"{section}:BaseId '{options.BaseId}' is not an Airtable base id (app + 14 letters or digits, e.g. appAbCdEfGhIjKlMn).");
        }
        if (!string.IsNullOrWhiteSpace(options.Token) && string.IsNullOrWhiteSpace(options.BaseId))
        {
            failures.Add($"{section}:BaseId is empty although {section}:Token is set: set the base id (app + 14 characters) from the base's URL.");
        }
        if (!string.IsNullOrEmpty(options.Token) && options.Token.Any(char.IsWhiteSpace))
        {
            // Never echo the token itself.
            failures.Add($"{section}:Token contains whitespace (value hidden): copy the personal access token again, without spaces or line breaks.");
        }
        if (options.RequestsPerSecond is < 1 or > 100)
        {
            failures.Add($"{section}:RequestsPerSecond is {options.RequestsPerSecond}; it must be between 1 and 100 (Airtable allows 5).");
        }
        CheckSpan(failures, $"{section}:RateLimitWindow", options.RateLimitWindow, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        CheckSpan(failures, $"{section}:RateLimitSafetyMargin", options.RateLimitSafetyMargin, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        CheckSpan(failures, $"{section}:RateLimitPenalty", options.RateLimitPenalty, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        CheckSpan(failures, $"{section}:Timeout", options.Timeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(30));
        CheckSpan(failures, $"{section}:RetryDelay", options.RetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        if (options.MonthlyCallBudget < 1)
        {
            failures.Add($"{section}:MonthlyCallBudget is {options.MonthlyCallBudget}; it must be at least 1 (Airtable Team allows 100000 calls a month, Free 1000).");
        }
        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add($"{section}:MaxRetries is {options.MaxRetries}; it must be between 0 and 20.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(List<string> failures, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key} '{value}' is not an absolute http(s) URL.");
        }
    }

    private static void CheckSpan(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} is {value}; it must be between {min} and {max}.");
        }
    }
}
