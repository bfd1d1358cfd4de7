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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
