using System.Globalization;
using System.Text;

namespace Tomte.Worker.Ingest;

/// <summary>
/// The demo's ingest step: imports the bundled SYNTHETIC sample data (SampleData/ beside the binary) for the
/// pilot kommuner through the same path as <c>tomte import</c>, and describes what each load did.
/// </summary>
public sealed class SampleDataImport(FileImporter importer)
{
    public static readonly IReadOnlyList<(string Kommunenummer, string Navn)> PilotKommuner =
        [("3207", "Nordre Follo"), ("3212", "Nesodden"), ("3218", "Ås")];

    public static string SampleDirectory => Path.Combine(AppContext.BaseDirectory, "SampleData");

    /// <summary>Borders first: every later import checks its kommune against them.</summary>
    public static IEnumerable<(string Dataset, string File, string? Kommunenummer)> Imports()
    {
        yield return ("kommune", "kommuner.gml", null);
        foreach (var (kommune, _) in PilotKommuner)
        {
            yield return ("kp-planomrade", $"{kommune}/kommuneplan-{kommune}.gml", kommune);
            yield return ("kp-arealformal", $"{kommune}/kommuneplan-{kommune}.gml", kommune);
            yield return ("kp-hensynssoner", $"{kommune}/kp-hensynssoner-{kommune}.gml", kommune);
            yield return ("rp-planomrade", $"{kommune}/reguleringsplaner-{kommune}.gml", kommune);
            yield return ("planlegging-igangsatt", $"{kommune}/planlegging-igangsatt-{kommune}.gml", kommune);
            yield return ("teig", $"{kommune}/teig-{kommune}.gml", kommune);
            yield return ("veg", $"{kommune}/veger-{kommune}.geojson", kommune);
        }
        foreach (var dataset in (string[])["verneomrader", "flomsoner", "kvikkleire", "dyrka-mark", "kulturminner"])
        {
            yield return (dataset, $"{dataset}.geojson", null);
        }
        // Stops as Entur publishes them (NeTEx); stoppesteder.geojson holds the same stops in EPSG:25833.
        yield return ("stoppesteder", "stoppesteder.xml", null);
    }

    public sealed record Outcome(IReadOnlyList<LoadResult> Loads, string ReportSection)
    {
        public int Loaded => Loads.Sum(l => l.Kommuner.Count(k => k.Outcome == LoadOutcome.Loaded));

        public int Unchanged => Loads.Sum(l => l.Kommuner.Count(k => k.Outcome == LoadOutcome.Unchanged));
    }

    /// <param name="imported">Called after each file with the number imported so far and the number of files.</param>
    /// <param name="keep">Datasets and kommuner whose loaded data stays as it is (not imported from the sample files).</param>
    public async Task<Outcome> RunAsync(Action<int, int>? imported, CancellationToken cancellationToken, IReadOnlySet<(string Dataset, string Kommunenummer)>? keep = null)
    {
        var imports = Imports().Where(i => i.Kommunenummer is null || keep?.Contains((i.Dataset, i.Kommunenummer)) != true).ToArray();
        var loads = new List<LoadResult>();
        foreach (var (dataset, file, kommune) in imports)
        {
            var result = await importer.ImportAsync(Datasets.Find(dataset), Path.Combine(SampleDirectory, file), kommune, layer: null, srid: null, progress: null, cancellationToken);
            loads.Add(result);
            imported?.Invoke(loads.Count, imports.Length);
        }
        return new Outcome(loads, Section(loads));
    }

    private static string Section(IReadOnlyList<LoadResult> loads)
    {
        var text = new StringBuilder();
        text.AppendLine("## Innlasting (syntetiske eksempeldata)");
        text.AppendLine();
        text.AppendLine("| datasett | kommune | utfall | objekter | reparert | forkastet | planendringer |");
        text.AppendLine("|---|---|---|---:|---:|---:|---|");
        foreach (var load in loads)
        {
            foreach (var kommune in load.Kommuner)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {load.Dataset} | {kommune.Kommunenummer} | {IngestSummary.OutcomeText(kommune.Outcome)} | {kommune.FeatureCount} | {kommune.Repaired} | {kommune.Dropped} | {IngestSummary.ChangesText(kommune) ?? "–"} |");
            }
        }
        return text.ToString();
    }
}

/// <summary>Norwegian one-line summaries of a load, for the command line and the demo report.</summary>
public static class IngestSummary
{
    public static IEnumerable<string> Lines(LoadResult result)
    {
        foreach (var kommune in result.Kommuner)
        {
            var changes = ChangesText(kommune);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{result.Dataset} {kommune.Kommunenummer}: {OutcomeText(kommune.Outcome)}, {kommune.FeatureCount} objekter ({kommune.Repaired} reparert, {kommune.Dropped} forkastet){(changes is null ? "" : "; " + changes)}{ReportText(kommune.Report)}");
        }
        foreach (var failure in result.Failed)
        {
            yield return $"{result.Dataset} {failure.Kommunenummer}: FEILET, tidligere data er urørt: {failure.Error.Message}";
        }
        var notes = new List<string>();
        if (result.SkippedOtherKommuner > 0)
        {
            notes.Add($"{result.SkippedOtherKommuner} objekter fra andre kommuner hoppet over");
        }
        if (result.OtherFeatureTypes > 0)
        {
            notes.Add($"{result.OtherFeatureTypes} objekter av andre objekttyper hoppet over");
        }
        if (notes.Count > 0)
        {
            yield return $"{result.Dataset}: {string.Join(", ", notes)}";
        }
        foreach (var notice in result.Notices ?? [])
        {
            yield return $"{result.Dataset}: merk: {notice}";
        }
    }

    // Read, left out as another kommune's and refused, so an odd file shows in the summary line itself.
    private static string ReportText(LoadChecks.LoadReport? report) => report is null
        ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $"; {report.FeaturesRead} lest, {report.Outside} utenfor kommunen, {report.Refused} avvist{(report.Merged > 0 ? $", {report.Merged} deler slått sammen" : "")}{(report.LocationChecked ? "" : ", plassering ikke kontrollert")}");

    public static string OutcomeText(LoadOutcome outcome) => outcome switch
    {
        LoadOutcome.Loaded => "lastet inn",
        LoadOutcome.Unchanged => "uendret",
        _ => LoadVocabulary.Text(outcome),
    };

    public static string? ChangesText(KommuneLoad kommune) => kommune.Changes switch
    {
        null => null,
        { FirstLoad: true } => "første innlasting",
        { Added: 0, Removed: 0, Changed: 0 } => "ingen planendringer",
        var c => $"{c.Added} nye, {c.Removed} borte, {c.Changed} endret, {c.Adopted} nylig vedtatt",
    };
}
