using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// <c>tomte import</c> against <c>ogr2ogr</c> (Debian's gdal-bin) on the same generated 200+ MB GeoJSON and GML
/// files, into the same PostGIS, in the same run. Prints wall times, the ratio and our peak memory; asserts that
/// both loaded every feature and that our memory stays under a generous ceiling. Run: see the README's "Benchmarks" section.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed partial class ImportBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    // TOMTE_BENCHMARK_MB sets the file size (default 210 MB), to show memory stays flat as files grow.
    private static readonly long TargetBytes =
        (long.TryParse(Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_MB"), out var megabytes) && megabytes >= 200 ? megabytes : 210) * 1024 * 1024;

    // TOMTE_BENCHMARK_DIR keeps the generated files (to profile, or to rerun ogr2ogr by hand); otherwise a temp folder.
    private static readonly string? Keep = Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_DIR") is { Length: > 0 } dir ? dir : null;

    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Keep ?? Path.Combine(Path.GetTempPath(), "tomte-bench-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        if (Keep is null)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Theory]
    [InlineData("geojson")]
    [InlineData("gml")]
    public async Task Import_of_a_200_MB_file_against_ogr2ogr(string format)
    {
        var file = Path.Combine(_scratch, $"rpomrade-bench.{format}");
        var generated = new SampleDataGenerator(seed: 7).WriteLargeReguleringsplaner(file, TargetBytes, gml: format == "gml");
        var size = new FileInfo(file).Length;
        Assert.True(size >= 200L * 1024 * 1024, $"the generated file is only {size} bytes");

        var tomte = await TimedAsync("dotnet", [WorkerDll(), "import", "rp-planomrade", "--file", file, "--kommune", "3218"],
            new Dictionary<string, string>
            {
                ["Tomte__Database__ConnectionString"] = _database.ConnectionString,
                ["Tomte__Output__Directory"] = Path.Combine(_scratch, "out"),
                ["Logging__LogLevel__Default"] = "Warning",
            });
        Assert.True(tomte.ExitCode == 0, tomte.Error);
        var loaded = await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade WHERE kommunenummer = '3218'");
        var dropped = await _database.ScalarAsync<int>("SELECT dropped_count FROM ingest.load ORDER BY load_id DESC LIMIT 1");
        Assert.Equal(generated, loaded + dropped);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade WHERE NOT ST_IsValid(geom)"));

        var connection = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var pg = $"PG:host={connection.Host} port={connection.Port} dbname={connection.Database} user={connection.Username}";
        var ogr = await TimedAsync("ogr2ogr", ["-f", "PostgreSQL", pg, file, "-nln", $"bench_{format}", "-lco", "GEOMETRY_NAME=geom", "-t_srs", "EPSG:25833"],
            new Dictionary<string, string>());
        Assert.True(ogr.ExitCode == 0, ogr.Error);
        Assert.Equal(generated, await _database.ScalarAsync<long>($"SELECT count(*) FROM public.bench_{format}"));
        // The like-for-like run: ogr2ogr repairing geometry too (GEOS MakeValid), as tomte always does.
        var ogrValid = await TimedAsync("ogr2ogr", ["-f", "PostgreSQL", pg, file, "-nln", $"bench_{format}_valid", "-lco", "GEOMETRY_NAME=geom", "-t_srs", "EPSG:25833", "-makevalid", "-nlt", "PROMOTE_TO_MULTI"],
            new Dictionary<string, string>());
        Assert.True(ogrValid.ExitCode == 0, ogrValid.Error);
        Assert.Equal(generated, await _database.ScalarAsync<long>($"SELECT count(*) FROM public.bench_{format}_valid"));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{format}: {size / 1024.0 / 1024.0:F0} MB, {generated} features"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tomte import: {tomte.Wall.TotalSeconds:F1} s wall, peak RSS {tomte.PeakRssKb / 1024.0:F0} MB ({loaded} loaded, {dropped} dropped)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ogr2ogr:      {ogr.Wall.TotalSeconds:F1} s wall, peak RSS {ogr.PeakRssKb / 1024.0:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ogr2ogr -makevalid: {ogrValid.Wall.TotalSeconds:F1} s wall, peak RSS {ogrValid.PeakRssKb / 1024.0:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio tomte/ogr2ogr: {tomte.Wall.TotalSeconds / ogr.Wall.TotalSeconds:F2}; tomte/ogr2ogr -makevalid: {tomte.Wall.TotalSeconds / ogrValid.Wall.TotalSeconds:F2}"));
        // Streaming keeps memory flat whatever the file size (about 110 MB seen); 400 MB is a generous ceiling that a
        // reader holding a 200+ MB file's features would still break.
        Assert.InRange(tomte.PeakRssKb, 1, 400 * 1024);
    }

    private sealed record Timing(int ExitCode, TimeSpan Wall, long PeakRssKb, string Error);

    // GNU time reports the peak resident set of the process it runs ("Maximum resident set size (kbytes)").
    private static async Task<Timing> TimedAsync(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        var error = await stderr;
        await stdout;
        var rss = PeakRss().Match(error);
        return new Timing(process.ExitCode, clock.Elapsed, rss.Success ? long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) : -1, error);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex PeakRss();

    private static string WorkerDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var root = testOutput.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "Tomte.Worker", "bin", testOutput.Parent!.Name, testOutput.Name, "tomte.dll");
    }
}
