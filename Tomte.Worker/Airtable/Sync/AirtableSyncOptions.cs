using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Airtable.Sync;

public sealed class AirtableSyncOptions
{
    public const string Section = "Tomte:Airtable:Sync";

    /// <summary>Map link per site; {0} = easting, {1} = northing of a point inside the site, EPSG:25833 (norgeskart.no's own coordinates).</summary>
    public string MapLinkTemplate { get; set; } =
        "https://norgeskart.no/#!?project=norgeskart&layers=1002&zoom=15&lat={1:F0}&lon={0:F0}";

    /// <summary>The read-back re-reads this far behind its watermark, so a change saved during the last read is not missed.</summary>
    public int ReadBackOverlapSeconds { get; set; } = 120;

    /// <summary>Airtable's attachment upload limit.</summary>
    public int MaxAttachmentBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// Only sites worth the team's time go to Airtable (a base has a record limit): score at least this (the seed's
    /// "kvalifisert"), or new or regulert in a focus kommune, or already in Airtable (kept up to date). The rest stay in
    /// PostGIS and the GeoPackage.
    /// </summary>
    public double MinScore { get; set; } = 60;

    /// <summary>Kommunenummer whose new and regulert sites go to Airtable whatever their score.</summary>
    public List<string> FocusKommuner { get; set; } = [];

    /// <summary>Records the base may hold (Airtable plans: 50,000 Team, 125,000 Business); tomte doctor warns near it.</summary>
    public int BaseRecordLimit { get; set; } = 50_000;

    /// <summary>tomte doctor warns when the synced records reach this share of <see cref="BaseRecordLimit"/>.</summary>
    public double RecordLimitWarningShare { get; set; } = 0.8;
}

internal sealed class AirtableSyncOptionsValidator : IValidateOptions<AirtableSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, AirtableSyncOptions options)
    {
        var failures = new List<string>();
        try
        {
            var link = string.Format(CultureInfo.InvariantCulture, options.MapLinkTemplate, 262000.0, 6643000.0);
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                failures.Add($"{AirtableSyncOptions.Section}:MapLinkTemplate '{options.MapLinkTemplate}' does not give an http(s) URL.");
            }
        }
        catch (FormatException)
        {
            failures.Add($"{AirtableSyncOptions.Section}:MapLinkTemplate '{options.MapLinkTemplate}' is not a valid format string (use {{0}} for easting and {{1}} for northing).");
        }
        if (options.ReadBackOverlapSeconds is < 0 or > 86_400)
        {
            failures.Add($"{AirtableSyncOptions.Section}:ReadBackOverlapSeconds is {options.ReadBackOverlapSeconds}; it must be between 0 and 86400.");
        }
        if (options.MaxAttachmentBytes is < 1 or > 5 * 1024 * 1024)
        {
            failures.Add($"{AirtableSyncOptions.Section}:MaxAttachmentBytes is {options.MaxAttachmentBytes}; it must be between 1 and 5242880 (Airtable's upload limit).");
        }
        if (!(options.MinScore is >= 0 and <= 100))
        {
            failures.Add($"{AirtableSyncOptions.Section}:MinScore is {options.MinScore.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 100 (a score).");
        }
        for (var i = 0; i < options.FocusKommuner.Count; i++)
        {
            if (!Ingest.Kommuner.IsWellFormed(options.FocusKommuner[i]))
            {
                failures.Add($"{AirtableSyncOptions.Section}:FocusKommuner:{i} is '{options.FocusKommuner[i]}'; a kommunenummer is four digits (3218).");
            }
        }
        if (options.BaseRecordLimit < 1)
        {
            failures.Add($"{AirtableSyncOptions.Section}:BaseRecordLimit is {options.BaseRecordLimit}; it must be at least 1 (Airtable plans allow 50000 or 125000 records per base).");
        }
        if (!(options.RecordLimitWarningShare is > 0 and <= 1))
        {
            failures.Add($"{AirtableSyncOptions.Section}:RecordLimitWarningShare is {options.RecordLimitWarningShare.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
