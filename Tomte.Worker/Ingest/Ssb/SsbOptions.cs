using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>Settings under <c>Tomte:Ssb</c>: SSB's statistics bank (PxWebApi v2) and classification service (Klass).</summary>
public sealed class SsbOptions
{
    public const string Section = "Tomte:Ssb";

    /// <summary>PxWebApi v2 root.</summary>
    public string BaseUrl { get; set; } = "https://data.ssb.no/api/pxwebapi/v2";

    /// <summary>Klass REST API root (classification 131 kommuner, 128 sentralitet).</summary>
    public string KlassUrl { get; set; } = "https://data.ssb.no/api/klass/v1";

    /// <summary>Language of labels asked for (<c>lang</c>).</summary>
    public string Language { get; set; } = "no";

    /// <summary>Requests per minute to SSB, both APIs together; SSB allows 30, this stays under.</summary>
    public int RequestsPerMinute { get; set; } = 25;

    /// <summary>Cells one data request may ask for; larger queries are split by region. SSB's limit is 800 000.</summary>
    public int MaxCells { get; set; } = 100_000;

    /// <summary>Retries after a 429 (waiting its Retry-After) or a 5xx, per request.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Time allowed for one request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Kommuner <c>tomte ssb</c> fetches when none is given; empty = <c>Tomte:Ingest:Kommuner</c> (the pilot).</summary>
    public List<string> Kommuner { get; set; } = [];

    /// <summary>Befolkning per kommune (folketall now and five years back).</summary>
    public string FolketallTabell { get; set; } = "07459";

    /// <summary>Boligbygging per kommune (igangsatte boliger).</summary>
    public string BoligstartTabell { get; set; } = "05940";

    /// <summary>Inntekt etter skatt for husholdninger per kommune (median).</summary>
    public string InntektTabell { get; set; } = "06944";

    /// <summary>What the table search asks for; the newest matching table with years to 2040 is used, never a fixed id.</summary>
    public string FramskrivingSok { get; set; } = "framskrevet folkemengde kommune";

    /// <summary>Picks the projection's statistic (ContentsCode) by its label: SSB's main alternative is MMMM.</summary>
    public string FramskrivingAlternativ { get; set; } = "MMMM";

    /// <summary>Picks the housing-start statistic by its label.</summary>
    public string BoligstartStatistikk { get; set; } = "igangsatte boliger";

    /// <summary>Picks the income statistic by its label.</summary>
    public string InntektStatistikk { get; set; } = "etter skatt";

    /// <summary>Klass classification of kommuner (its changes map renumbered kommuner, e.g. 3020 → 3207).</summary>
    public int KommuneKlassifikasjon { get; set; } = 131;

    /// <summary>Klass classification of sentralitet (classes 1-6), read as a correspondence from the kommune classification.</summary>
    public int SentralitetKlassifikasjon { get; set; } = 128;

    /// <summary>Renumberings since this date are followed.</summary>
    public DateOnly EndringerFra { get; set; } = new(2017, 1, 1);

    public IReadOnlyList<string> EffectiveKommuner(IngestOptions ingest) => Kommuner.Count == 0 ? ingest.EffectiveKommuner : Kommuner;
}

internal sealed class SsbOptionsValidator : IValidateOptions<SsbOptions>
{
    public ValidateOptionsResult Validate(string? name, SsbOptions options)
    {
        var failures = new List<string>();
        var key = SsbOptions.Section;
        foreach (var (setting, value) in new[] { ("BaseUrl", options.BaseUrl), ("KlassUrl", options.KlassUrl) })
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"{key}:{setting} '{value}' is not an absolute http(s) URL.");
            }
        }
        if (options.RequestsPerMinute is < 1 or > 30)
        {
            failures.Add($"{key}:RequestsPerMinute is {options.RequestsPerMinute}; SSB allows at most 30 a minute, so it must be 1-30.");
        }
        if (options.MaxCells is < 100 or > 800_000)
        {
            failures.Add($"{key}:MaxCells is {options.MaxCells}; it must be between 100 and SSB's limit of 800000.");
        }
        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{key}:MaxRetries is {options.MaxRetries}; it must be 0-10.");
        }
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(30))
        {
            failures.Add($"{key}:Timeout '{options.Timeout}' must be above 0 and at most 00:30:00.");
        }
        for (var i = 0; i < options.Kommuner.Count; i++)
        {
            if (!Ingest.Kommuner.IsWellFormed(options.Kommuner[i]))
            {
                failures.Add($"{key}:Kommuner:{i} '{options.Kommuner[i]}' is not a kommunenummer (four digits, a 2024 fylke such as 32xx).");
            }
        }
        foreach (var (setting, value) in new[]
        {
            ("FolketallTabell", options.FolketallTabell), ("BoligstartTabell", options.BoligstartTabell), ("InntektTabell", options.InntektTabell),
            ("FramskrivingSok", options.FramskrivingSok), ("FramskrivingAlternativ", options.FramskrivingAlternativ),
            ("BoligstartStatistikk", options.BoligstartStatistikk), ("InntektStatistikk", options.InntektStatistikk), ("Language", options.Language),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{key}:{setting} is empty.");
            }
        }
        if (options.KommuneKlassifikasjon <= 0 || options.SentralitetKlassifikasjon <= 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{key}:KommuneKlassifikasjon ({options.KommuneKlassifikasjon}) and {key}:SentralitetKlassifikasjon ({options.SentralitetKlassifikasjon}) must be Klass ids above 0."));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
