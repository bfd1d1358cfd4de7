using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Tomte.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// A national file (149,520 reguleringsplaner, 420 in each of 356 kommuner, every kommune a 20 km cell of a grid
/// whose borders are loaded first) imported without <c>--kommune</c>, against a single-kommune file of the same
/// size. Prints wall time, reading and COPY, the checks, and the swaps with their share of the load, from the
/// loader's phase log (event 3504). Asserts only that every feature loaded. Run with:
/// <c>deploy/with-postgis.sh dotnet test -c Release --filter FullyQualifiedName~NationalImportBenchmark</c>
/// </summary>
[Trait("Category", "Benchmark")]
public sealed partial class NationalImportBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kommuner = 356;
    private const int PerKommune = 420;
    private const double Cell = 20_000;

    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-national-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task National_file_against_a_single_kommune_file_of_the_same_size()
    {
        var kommuner = File.ReadLines(Path.Combine(RepositoryRoot.Path, "Tomte.Worker", "Ingest", "LoadChecks", "kommuner-2024.tsv"))
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split('\t')[0])
            .Where(k => k != "0301")
            .Take(Kommuner)
            .ToList();
        Assert.Equal(Kommuner, kommuner.Count);

        var borders = Path.Combine(_scratch, "kommuner.geojson");
        WriteBorders(borders, kommuner);
        var national = Path.Combine(_scratch, "rp-national.geojson");
        WritePlans(national, kommuner.SelectMany((k, cell) => Enumerable.Range(0, PerKommune).Select(i => (k, cell, i, PerKommune))));
        var single = Path.Combine(_scratch, "rp-3218.geojson");
        var cell3218 = kommuner.IndexOf("3218");
        WritePlans(single, Enumerable.Range(0, Kommuner * PerKommune).Select(i => ("3218", cell3218, i, Kommuner * PerKommune)));

        var border = await ImportAsync("kommune", borders, null);
        Assert.True(border.ExitCode == 0, border.Error);

        var nationalRun = await ImportAsync("rp-planomrade", national, null);
        Assert.True(nationalRun.ExitCode == 0, nationalRun.Error);
        Assert.Equal((long)Kommuner * PerKommune, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade"));
        Assert.Equal((long)Kommuner, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load WHERE dataset = 'rp-planomrade' AND outcome = 'loaded'"));

        // A second national run over a full table: every kommune changed (new plan ids), so every one is swapped.
        WritePlans(national, kommuner.SelectMany((k, cell) => Enumerable.Range(0, PerKommune).Select(i => (k, cell, i + 1, PerKommune))));
        var nationalAgain = await ImportAsync("rp-planomrade", national, null);
        Assert.True(nationalAgain.ExitCode == 0, nationalAgain.Error);

        var singleRun = await ImportAsync("rp-planomrade", single, "3218");
        Assert.True(singleRun.ExitCode == 0, singleRun.Error);
        Assert.Equal((long)Kommuner * PerKommune, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade WHERE kommunenummer = '3218'"));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Kommuner * PerKommune} features; {new FileInfo(national).Length / 1024.0 / 1024.0:F0} MB national file"));
        Report("national, first load", nationalRun);
        Report("national, reload", nationalAgain);
        Report("one kommune, same size", singleRun);
    }

    private void Report(string label, Run run) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label}: {run.Wall.TotalSeconds:F1} s wall; reading and COPY {run.CopyMs / 1000.0:F1} s; checks {(run.RepairMs - run.CopyMs) / 1000.0:F1} s; swaps {(run.SwapMs - run.RepairMs) / 1000.0:F1} s ({100.0 * (run.SwapMs - run.RepairMs) / Math.Max(run.SwapMs, 1):F0} % of the load)"));

    private static void WriteBorders(string path, IReadOnlyList<string> kommuner)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25833"}},"features":[""");
        for (var cell = 0; cell < kommuner.Count; cell++)
        {
            var (x, y) = Origin(cell);
            writer.Write(cell == 0 ? "" : ",");
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"type":"Feature","properties":{"lokalId":"k-{{{kommuner[cell]}}}","kommunenummer":"{{{kommuner[cell]}}}","kommunenavn":"Kommune {{{kommuner[cell]}}}"},"geometry":{"type":"Polygon","coordinates":[[[{{{x}}},{{{y}}}],[{{{x + Cell}}},{{{y}}}],[{{{x + Cell}}},{{{y + Cell}}}],[{{{x}}},{{{y + Cell}}}],[{{{x}}},{{{y}}}]]]}}"""));
        }
        writer.Write("]}");
    }

    /// <param name="plans">Kommune, its grid cell, the plan's number in the kommune, and how many the kommune has.</param>
    private static void WritePlans(string path, IEnumerable<(string Kommune, int Cell, int Number, int Count)> plans)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25833"}},"features":[""");
        var first = true;
        foreach (var (kommune, cell, number, count) in plans)
        {
            var (x0, y0) = Origin(cell);
            // Squares on a grid inside the cell, 200 m from its edges.
            var side = (int)Math.Ceiling(Math.Sqrt(count));
            var pitch = (Cell - 400) / side;
            var size = pitch * 0.8;
            var slot = number % count;
            var x = x0 + 200 + (slot % side * pitch);
            var y = y0 + 200 + (slot / side * pitch);
            writer.Write(first ? "" : ",");
            first = false;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $$$"""{"type":"Feature","properties":{"lokalId":"rp-{{{kommune}}}-{{{number}}}","kommunenummer":"{{{kommune}}}","planidentifikasjon":"{{{kommune}}}-{{{number}}}","plannavn":"Plan {{{number}}}","plantype":35,"planstatus":3},"geometry":{"type":"Polygon","coordinates":[[[{{{x}}},{{{y}}}],[{{{x + size}}},{{{y}}}],[{{{x + size}}},{{{y + size}}}],[{{{x}}},{{{y + size}}}],[{{{x}}},{{{y}}}]]]}}"""));
        }
        writer.Write("]}");
    }

    // A 19 × 19 grid of 20 km cells west and north of Oslo, inside Norway's extent in EPSG:25833.
    private static (double X, double Y) Origin(int cell) => (20_000 + (cell % 19 * Cell), 6_700_000 + (cell / 19 * Cell));

    private sealed record Run(int ExitCode, TimeSpan Wall, long CopyMs, long RepairMs, long SwapMs, string Error);

    private async Task<Run> ImportAsync(string dataset, string file, string? kommune)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        // --verbose: a person's verb logs warnings only, and the phase lines are debug events.
        foreach (var argument in (string[])[WorkerDll(), "--verbose", "import", dataset, "--file", file])
        {
            start.ArgumentList.Add(argument);
        }
        if (kommune is not null)
        {
            start.ArgumentList.Add("--kommune");
            start.ArgumentList.Add(kommune);
        }
        start.Environment["Tomte__Database__ConnectionString"] = _database.ConnectionString;
        start.Environment["Tomte__Output__Directory"] = Path.Combine(_scratch, "out");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Tomte.Worker.Ingest.DatasetLoader"] = "Debug";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        var error = await stderr;
        await stdout;
        return new Run(process.ExitCode, clock.Elapsed, Phase(error, "copy"), Phase(error, "repair"), Phase(error, "swap"), error);
    }

    private static long Phase(string log, string phase) =>
        PhaseLine().Matches(log).Where(m => m.Groups[1].Value == phase).Select(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).LastOrDefault();

    [GeneratedRegex(@"phase (\w+) done after (\d+) ms")]
    private static partial Regex PhaseLine();

    private static string WorkerDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var root = testOutput.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "Tomte.Worker", "bin", testOutput.Parent!.Name, testOutput.Name, "tomte.dll");
    }
}
