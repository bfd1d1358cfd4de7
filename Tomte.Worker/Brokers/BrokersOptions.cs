using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Brokers;

/// <summary>Settings under <c>Tomte:Brokers</c>: the address lookup and what counts as a qualified tip.</summary>
public sealed class BrokersOptions
{
    public const string Section = "Tomte:Brokers";

    /// <summary>Kartverket's open address API (Adresse-API v1); <c>{AdresseApiUrl}/sok?sok=…</c> resolves an address.</summary>
    [Required]
    public string AdresseApiUrl { get; set; } = "https://ws.geonorge.no/adresser/v1";

    public TimeSpan AdresseApiTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A tip scoring above this is qualified in the broker follow-up (the seed plan's "kvalifiserte (score &gt; 60)").</summary>
    public double KvalifisertScore { get; set; } = 60;

    /// <summary>A matching Tomte site must cover at least this share of the tip (or the tip of it) to be linked.</summary>
    public double MinOverlappAndel { get; set; } = 0.05;
}

internal sealed class BrokersOptionsValidator : IValidateOptions<BrokersOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokersOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.AdresseApiUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"{BrokersOptions.Section}:AdresseApiUrl is '{options.AdresseApiUrl}'; it must be an absolute http(s) URL such as https://ws.geonorge.no/adresser/v1.");
        }
        if (options.AdresseApiTimeout <= TimeSpan.Zero || options.AdresseApiTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{BrokersOptions.Section}:AdresseApiTimeout is {options.AdresseApiTimeout.ToString("c", CultureInfo.InvariantCulture)}; it must be above 0 and at most 00:05:00.");
        }
        if (double.IsNaN(options.KvalifisertScore) || options.KvalifisertScore is < 0 or > 100)
        {
            failures.Add($"{BrokersOptions.Section}:KvalifisertScore is {options.KvalifisertScore.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 100.");
        }
        if (double.IsNaN(options.MinOverlappAndel) || options.MinOverlappAndel is <= 0 or > 1)
        {
            failures.Add($"{BrokersOptions.Section}:MinOverlappAndel is {options.MinOverlappAndel.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
