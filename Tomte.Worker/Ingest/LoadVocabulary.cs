using System.Diagnostics;

namespace Tomte.Worker.Ingest;

/// <summary>Where a load's features came from (ingest.load.source_kind).</summary>
public enum SourceKind
{
    OgcApi,
    Wfs,
    File,

    /// <summary>Statens vegvesen's NVDB API Les (the road network).</summary>
    Nvdb,
}

/// <summary>What became of a load (ingest.load.outcome).</summary>
public enum LoadOutcome
{
    Running,
    Loaded,
    Unchanged,
    Failed,
}

/// <summary>
/// The text ingest.load stores for each enum value (its CHECK constraints, migration 0001) and the text
/// configuration uses: the one place that maps between the two.
/// </summary>
public static class LoadVocabulary
{
    public static string Text(SourceKind kind) => kind switch
    {
        SourceKind.OgcApi => "ogcapi",
        SourceKind.Wfs => "wfs",
        SourceKind.File => "file",
        SourceKind.Nvdb => "nvdb",
        _ => throw new UnreachableException(),
    };

    public static string Text(LoadOutcome outcome) => outcome switch
    {
        LoadOutcome.Running => "running",
        LoadOutcome.Loaded => "loaded",
        LoadOutcome.Unchanged => "unchanged",
        LoadOutcome.Failed => "failed",
        _ => throw new UnreachableException(),
    };

    public static string Text(KommuneSelection filter) => filter switch
    {
        KommuneSelection.Property => "property",
        KommuneSelection.Bbox => "bbox",
        KommuneSelection.None => "none",
        _ => throw new UnreachableException(),
    };

    /// <summary>
    /// A service kind as configuration writes it: <c>ogcapi</c>, <c>wfs</c>, <c>nvdb</c>, or <c>download</c> (a published file
    /// fetched over HTTP, recorded like any other file load).
    /// </summary>
    public static bool TryParseServiceKind(string? text, out SourceKind kind)
    {
        if (string.Equals(text, "download", StringComparison.Ordinal))
        {
            kind = SourceKind.File;
            return true;
        }
        foreach (var candidate in (SourceKind[])[SourceKind.OgcApi, SourceKind.Wfs, SourceKind.Nvdb])
        {
            if (string.Equals(text, Text(candidate), StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public static bool TryParseKommuneSelection(string? text, out KommuneSelection filter)
    {
        foreach (var candidate in Enum.GetValues<KommuneSelection>())
        {
            if (string.Equals(text, Text(candidate), StringComparison.Ordinal))
            {
                filter = candidate;
                return true;
            }
        }
        filter = default;
        return false;
    }
}
