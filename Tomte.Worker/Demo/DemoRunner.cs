using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Demo;

/// <summary>
/// Runs the whole pipeline on the bundled, synthetic sample data against the configured (local) database
/// and writes what a user would look at into the output folder: one console line per step
/// (<see cref="IDemoStep"/>, registered in order by AddTomteDemo), then what was produced and where.
/// </summary>
public sealed class DemoRunner(
    IEnumerable<IDemoStep> steps,
    NpgsqlDataSource dataSource,
    IOptions<OutputOptions> output,
    TimeProvider time)
{
    public sealed record Result(string OutputDirectory, string ReportPath, IReadOnlyList<string> Summary, IReadOnlyList<DemoArtifact> Artifacts);

    /// <param name="console">Where the step lines go; a terminal gets a live counter, anything else one line per step.</param>
    public async Task<Result> RunAsync(TextWriter console, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(output.Value.ResolvedDirectory, "demo");
        Directory.CreateDirectory(directory);
        var screen = DemoConsole.ForConsole(console);
        var summary = new List<string>();
        var sections = new List<string>();
        var artifacts = new List<DemoArtifact> { new("rapport.md", "rapporten: sammendrag, innlasting per datasett og kommune, rader per tabell") };

        var ordered = steps.ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            var line = screen.Begin(i + 1, ordered.Length, ordered[i].Title);
            line.Start();
            var result = await ordered[i].RunAsync(new DemoContext(directory, line), cancellationToken);
            line.Finish(result.Summary);
            if (result.Details is not null)
            {
                await console.WriteLineAsync(result.Details);
            }
            summary.Add(result.Summary);
            if (result.ReportSection is not null)
            {
                sections.Add(result.ReportSection);
            }
            artifacts.AddRange(result.Artifacts ?? []);
        }

        var tables = await TableOverviewAsync(cancellationToken);
        var versions = await VersionsAsync(cancellationToken);
        summary.Add($"Database: {versions}.");

        var reportPath = Path.Combine(directory, "rapport.md");
        await File.WriteAllTextAsync(reportPath, Report(summary, sections, tables), new UTF8Encoding(false), cancellationToken);

        await console.WriteLineAsync();
        await console.WriteLineAsync($"Resultatet ligger i {directory}:");
        var width = artifacts.Max(a => a.RelativePath.Length);
        foreach (var artifact in artifacts)
        {
            await console.WriteLineAsync($"  {artifact.RelativePath.PadRight(width)}  {artifact.Description}");
        }
        var filled = tables.Where(t => t.Rows > 0).ToArray();
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Databasen ({versions}): {filled.Sum(t => t.Rows)} rader i {filled.Length} tabeller; se rapport.md for hver tabell."));
        return new Result(directory, reportPath, summary, artifacts);
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
