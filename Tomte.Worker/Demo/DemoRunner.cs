using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Export;
using Tomte.Worker.Database;
using Tomte.Worker.Hosting;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Demo;

/// <summary>
/// Runs the whole pipeline on the bundled, synthetic sample data against the configured (local) database
/// and writes what a user would look at into the output folder. Each pipeline step adds itself here.
/// </summary>
public sealed class DemoRunner(
    Migrator migrator,
    NpgsqlDataSource dataSource,
    IOptions<OutputOptions> output,
    TimeProvider time,
    SampleDataImport sampleDataImport,
    AnalysisDemoStep analysis,
    ExportDemoStep export,
    AirtableDemoStep airtable)
{
    public sealed record Result(string OutputDirectory, string ReportPath, IReadOnlyList<string> Summary);

    public async Task<Result> RunAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(output.Value.ResolvedDirectory, "demo");
        Directory.CreateDirectory(directory);
        var summary = new List<string>();

        var migration = await migrator.MigrateAsync(cancellationToken);
        summary.Add($"Databaseskjema: {migration.Applied.Count} nye migreringer brukt, {migration.Total} i alt.");
        await progress.WriteLineAsync(summary[^1]);
        var sections = new List<string>();

        // ---- Ingest: the bundled synthetic sample data for the pilot kommuner, through the `tomte import` path.
        await progress.WriteLineAsync("Laster inn syntetiske eksempeldata for Nordre Follo (3207), Nesodden (3212) og Ås (3218):");
        var ingest = await sampleDataImport.RunAsync(progress, cancellationToken);
        summary.Add(ingest.Loaded == 0
            ? $"Innlasting: alle {ingest.Unchanged} datasett/kommuner er uendret siden forrige kjøring (uendret)."
            : $"Innlasting: {ingest.Loaded} datasett/kommuner lastet inn, {ingest.Unchanged} uendret.");
        await progress.WriteLineAsync(summary[^1]);
        sections.Add(ingest.ReportSection);
        // ---- end ingest

        // ---- Analysis: sites now, then again after the bundled "next month" data, so every endring shows
        var analysed = await analysis.RunAsync(progress, cancellationToken);
        summary.AddRange(analysed.Summary);
        sections.AddRange(analysed.Sections);
        // ---- end analysis

        // ---- Export: the sites and their context layers as a GeoPackage for QGIS
        summary.Add(await export.RunAsync(directory, progress, cancellationToken));
        // ---- end export

        // --- Airtable: CSV per table without a token, the real sync with one ---
        summary.Add(await airtable.RunAsync(directory, progress, cancellationToken));
        // --- end Airtable ---

        var tables = await TableOverviewAsync(cancellationToken);
        var versions = await VersionsAsync(cancellationToken);
        summary.Add($"Database: {versions}.");

        var reportPath = Path.Combine(directory, "rapport.md");
        await File.WriteAllTextAsync(reportPath, Report(summary, sections, tables), new UTF8Encoding(false), cancellationToken);
        return new Result(directory, reportPath, summary);
    }

    private string Report(IReadOnlyList<string> summary, IReadOnlyList<string> sections, IReadOnlyList<(string Table, long Rows)> tables)
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        var now = TimeZoneInfo.ConvertTime(time.GetUtcNow(), oslo);
        var report = new StringBuilder();
        report.AppendLine("# Tomte – demokjøring");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Kjørt {now:yyyy-MM-dd HH:mm} (Europe/Oslo). Alle data i demoen er syntetiske eksempeldata, ikke ekte planer, eiendommer eller personer.");
        report.AppendLine();
        foreach (var line in summary)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }
        report.AppendLine();
        foreach (var section in sections)
        {
            report.AppendLine(section);
        }
        report.AppendLine("## Tabeller");
        report.AppendLine();
        report.AppendLine("| tabell | rader |");
        report.AppendLine("|---|---:|");
        foreach (var (table, rows) in tables)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {table} | {rows} |");
        }
        return report.ToString();
    }

    private async Task<string> VersionsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT current_setting('server_version'), (SELECT extversion FROM pg_extension WHERE extname = 'postgis')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"PostgreSQL {reader.GetString(0)}, PostGIS {reader.GetString(1)}";
    }

    private async Task<IReadOnlyList<(string Table, long Rows)>> TableOverviewAsync(CancellationToken cancellationToken)
    {
        const string listSql = """
            SELECT format('%I.%I', table_schema, table_name)
            FROM information_schema.tables
            WHERE table_type = 'BASE TABLE'
              AND table_schema IN ('ingest', 'plan', 'ref', 'analysis', 'owners', 'airtable', 'outreach', 'ops')
            ORDER BY table_schema, table_name
            """;
        var names = new List<string>();
        await using (var list = dataSource.CreateCommand(listSql))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }
        var result = new List<(string, long)>();
        foreach (var name in names)
        {
            // Names come from information_schema and are quoted by format('%I'), so this is not injectable.
            await using var count = dataSource.CreateCommand($"SELECT count(*) FROM {name}");
            result.Add((name, (long)(await count.ExecuteScalarAsync(cancellationToken))!));
        }
        return result;
    }
}
