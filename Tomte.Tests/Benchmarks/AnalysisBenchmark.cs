using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Tomte.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// <c>tomte analyze</c> for all kommuner against the straightforward query (per bolig area:
/// <c>ST_Difference(kp.geom, ST_Union(rp.geom))</c> over the intersecting adopted plans) on the same generated national
/// dataset (<see cref="NationalPlanDataset"/>: 356 kommuner, about 50,000 bolig polygons, 150,000 plans) in the same
/// database in the same run, in rounds side by side (<c>TOMTE_BENCHMARK_ROUNDS</c>, default 2; analyze from scratch each
/// round). Prints each round's wall and CPU times and ratio, the best of each kind, the server's peak memory and tomte's
/// peak RSS, and an analyze run with no input changed; asserts that both agree on total area (0.01 %) and part count.
/// <c>TOMTE_BENCHMARK_SCALE</c> (default 1.0) scales the number of kommuner. Run with:
/// <c>deploy/with-postgis.sh dotnet test -c Release --filter FullyQualifiedName~AnalysisBenchmark</c>. tomte runs as
/// deploy/install.sh installs it: published for linux-x64, self-contained and precompiled.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed partial class AnalysisBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly double Scale =
        double.TryParse(Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_SCALE"), CultureInfo.InvariantCulture, out var scale) && scale > 0 ? scale : 1.0;

    /// <summary>
    /// The straightforward query. Bolig polygons of a kommune that touch or overlap count once (their union, split into
    /// connected areas); from each area the union of the adopted plans on the ground that meet it is subtracted; the
    /// rest is split into parts, and parts under 1 daa or narrower than 10 m (empty after a 5 m negative buffer) drop.
    /// The codes, statuses and thresholds are the analysis defaults (issue 9).
    /// </summary>
    public const string StraightforwardSql =
        """
        WITH bolig AS (
            SELECT kommunenummer, (ST_Dump(ST_Union(geom))).geom AS geom
            FROM plan.kp_arealformal
            WHERE arealformal IN (1110, 1130, 1800) AND arealbruksstatus = 2
            GROUP BY kommunenummer
        ),
        remaining AS (
            SELECT b.kommunenummer,
                   COALESCE(ST_Difference(b.geom, (SELECT ST_Union(rp.geom)
                                                   FROM plan.rp_planomrade rp
                                                   WHERE ST_Intersects(rp.geom, b.geom)
                                                     AND rp.planstatus IN (3, 6)
                                                     AND (rp.vertikalniva = 2 OR rp.vertikalniva IS NULL))),
                            b.geom) AS geom
            FROM bolig b
        ),
        parts AS (
            SELECT kommunenummer, (ST_Dump(geom)).geom AS geom FROM remaining
        )
        SELECT count(*), COALESCE(sum(ST_Area(geom)), 0)
        FROM parts
        WHERE ST_Area(geom) >= 1000 AND NOT ST_IsEmpty(ST_Buffer(geom, -5, 'quad_segs=4'))
        """;

    // TOMTE_BENCHMARK_ROUNDS (default 2): rounds of the straightforward query and tomte analyze side by side.
    private static readonly int Rounds =
        int.TryParse(Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_ROUNDS"), CultureInfo.InvariantCulture, out var rounds) && rounds > 0 ? rounds : 2;

    // TOMTE_BENCHMARK_KEEP=1 keeps the generated database on the server (its name is printed), to profile queries by hand.
    private static readonly bool Keep = Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_KEEP") == "1";

    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("tomte-analysis-bench-").FullName;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await PublishWorkerAsync();
    }

    public async Task DisposeAsync()
    {
        if (!Keep)
        {
            await _database.DisposeAsync();
        }
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task Analyze_of_a_national_dataset_against_the_straightforward_query()
    {
        output.WriteLine($"load average at the start (2 cores, shared machine): {File.ReadAllText("/proc/loadavg").Trim()}");
        var generate = Stopwatch.StartNew();
        var dataset = await new NationalPlanDataset(scale: Scale).WriteAsync(_database.DataSource);
        generate.Stop();
        await CheckDatasetAsync(dataset);
        if (Keep)
        {
            output.WriteLine($"database kept: {_database.Name}");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dataset (scale {Scale}): {dataset.Kommuner} kommuner, {dataset.BoligPolygons:N0} bolig polygons, {dataset.Plans:N0} plans ({dataset.Omradereguleringer:N0} områdereguleringer), " +
            $"{dataset.VerticesPerPolygon:F0} vertices per polygon, {dataset.WithHoles:N0} with holes, {dataset.MultiPolygons:N0} multipolygons; generated and loaded in {generate.Elapsed.TotalSeconds:F1} s"));
        output.WriteLine(await PlanCoverageAsync());

        // Rounds of (straightforward query, tomte analyze from scratch), side by side: the machine is shared, and its
        // speed drifts by a fifth within minutes, so each round's ratio compares runs made a minute apart, and the
        // best of each kind is the figure least disturbed by other work.
        var rounds = new List<(Baseline Baseline, Run Analyze)>();
        long sites = 0;
        double area = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var baseline = await StraightforwardAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: straightforward query: {baseline.Wall.TotalSeconds:F1} s wall, {baseline.Server.ServerCpu.TotalSeconds:F1} s server CPU, {baseline.Parts:N0} parts, {baseline.AreaM2 / 1000:N1} daa; " +
                $"server private memory {baseline.Server.Before / 1048576.0:F0} MB before, peak {baseline.Server.PeakPrivate / 1048576.0:F0} MB (peak resident incl. shared buffers {baseline.Server.PeakResident / 1048576.0:F0} MB)"));

            await ResetAnalysisAsync();
            var analyze = await AnalyzeAsync();
            Assert.True(analyze.ExitCode == 0, $"tomte analyze failed (exit {analyze.ExitCode}): {analyze.Error}");
            (sites, area) = await SitesAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: tomte analyze:         {analyze.Wall.TotalSeconds:F1} s wall, {analyze.Server.ServerCpu.TotalSeconds:F1} s server CPU + {analyze.ClientCpu.TotalSeconds:F1} s tomte CPU, {sites:N0} sites, {area / 1000:N1} daa; tomte peak RSS {analyze.PeakRssKb / 1024.0:F0} MB, " +
                $"server private memory peak {analyze.Server.PeakPrivate / 1048576.0:F0} MB (resident {analyze.Server.PeakResident / 1048576.0:F0} MB)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: ratio straightforward/analyze: {baseline.Wall.TotalSeconds / analyze.Wall.TotalSeconds:F1}x wall, " +
                $"{baseline.Server.ServerCpu.TotalSeconds / (analyze.Server.ServerCpu + analyze.ClientCpu).TotalSeconds:F1}x CPU; area difference {(area - baseline.AreaM2) / baseline.AreaM2 * 100:F4} %"));

            Assert.Equal(baseline.Parts, sites);
            Assert.InRange(area, baseline.AreaM2 * 0.9999, baseline.AreaM2 * 1.0001);
            rounds.Add((baseline, analyze));
        }
        var bestBaseline = rounds.Min(r => r.Baseline.Wall);
        var bestAnalyze = rounds.Min(r => r.Analyze.Wall);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best of {Rounds}: straightforward {bestBaseline.TotalSeconds:F1} s, tomte analyze {bestAnalyze.TotalSeconds:F1} s: {bestBaseline.TotalSeconds / bestAnalyze.TotalSeconds:F1}x wall"));

        var again = await AnalyzeAsync();
        Assert.True(again.ExitCode == 0, $"the second tomte analyze failed (exit {again.ExitCode}): {again.Error}");
        var (sitesAgain, areaAgain) = await SitesAsync();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tomte analyze again, nothing changed: {again.Wall.TotalSeconds:F1} s wall, {again.Server.ServerCpu.TotalSeconds:F1} s server CPU + {again.ClientCpu.TotalSeconds:F1} s tomte CPU, peak RSS {again.PeakRssKb / 1024.0:F0} MB; output: {again.Output.Trim().ReplaceLineEndings(" | ")}"));

        output.WriteLine($"load average at the end (2 cores, shared machine): {File.ReadAllText("/proc/loadavg").Trim()}");

        Assert.Equal(sites, sitesAgain);
        Assert.Equal(area, areaAgain, 3);
    }

    // Back to the state before any analysis (the benchmark's database has no owners or outreach to keep).
    private async Task ResetAnalysisAsync()
    {
        await using var command = _database.DataSource.CreateCommand(
            "TRUNCATE analysis.tomt_number, analysis.score_component, analysis.tomt, analysis.run, analysis.kommune_state, analysis.tomt_kart CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    private async Task CheckDatasetAsync(NationalPlanDataset.Summary dataset)
    {
        Assert.Equal(dataset.BoligPolygons, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.kp_arealformal"));
        Assert.Equal(dataset.Plans, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade"));
        Assert.Equal(dataset.Kommuner, await _database.ScalarAsync<long>("SELECT count(*) FROM ref.kommune"));
        Assert.Equal(dataset.Kommuner, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.kp_planomrade"));
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            """
            SELECT (SELECT count(*) FROM plan.kp_arealformal WHERE NOT ST_IsValid(geom))
                 + (SELECT count(*) FROM plan.rp_planomrade WHERE NOT ST_IsValid(geom))
            """));
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            """
            SELECT count(*) FROM plan.kp_arealformal a JOIN ref.kommune k USING (kommunenummer)
            WHERE NOT ST_Within(a.geom, k.geom)
            """));
    }

    // How the plans meet the bolig polygons: the benchmark is only honest if most bolig polygons meet several plans.
    private async Task<string> PlanCoverageAsync()
    {
        await using var command = _database.DataSource.CreateCommand(
            """
            WITH meets AS (
                SELECT a.id, count(rp.id) FILTER (WHERE rp.planstatus IN (3, 6) AND (rp.vertikalniva = 2 OR rp.vertikalniva IS NULL)) AS adopted,
                       count(rp.id) AS plans
                FROM plan.kp_arealformal a
                LEFT JOIN plan.rp_planomrade rp ON ST_Intersects(rp.geom, a.geom)
                GROUP BY a.id
            )
            SELECT count(*) FILTER (WHERE plans >= 2)::float8 / count(*), count(*) FILTER (WHERE adopted >= 1)::float8 / count(*),
                   avg(plans), max(plans)
            FROM meets
            """);
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return string.Create(CultureInfo.InvariantCulture,
            $"bolig polygons meeting 2+ plans: {reader.GetDouble(0):P0}; meeting an adopted plan on the ground: {reader.GetDouble(1):P0}; plans per bolig polygon: mean {reader.GetDecimal(2):F1}, max {reader.GetInt64(3)}");
    }

    private sealed record Baseline(TimeSpan Wall, long Parts, double AreaM2, PostgresMemorySampler Server);

    private async Task<Baseline> StraightforwardAsync()
    {
        // A connection of its own (no pool), so the backend starts fresh and its memory is this query's.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var server = PostgresMemorySampler.Start(connection.ProcessID);
        await using var command = new NpgsqlCommand(StraightforwardSql, connection) { CommandTimeout = 0 };
        var clock = Stopwatch.StartNew();
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var parts = reader.GetInt64(0);
        var area = reader.GetDouble(1);
        clock.Stop();
        await server.StopAsync();
        return new Baseline(clock.Elapsed, parts, area, server);
    }

    private async Task<(long Sites, double AreaM2)> SitesAsync()
    {
        await using var command = _database.DataSource.CreateCommand(
            "SELECT count(*), COALESCE(sum(ST_Area(geom)), 0) FROM analysis.tomt WHERE endring IS DISTINCT FROM 'borte'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetDouble(1));
    }

    private sealed record Run(int ExitCode, TimeSpan Wall, long PeakRssKb, TimeSpan ClientCpu, string Output, string Error, PostgresMemorySampler Server);

    // tomte analyze as an operator runs it, under GNU time for its peak resident set, with the server sampled meanwhile;
    // --uten-score, because the goal is the analysis against the straightforward query, not scoring and maps.
    private async Task<Run> AnalyzeAsync()
    {
        await using var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        await probe.OpenAsync();
        await using var server = PostgresMemorySampler.Start(probe.ProcessID);
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _scratch,
        };
        foreach (var argument in new[] { "-v", Path.Combine(_scratch, "tomte", "tomte"), "analyze", "--uten-score" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Tomte__Database__ConnectionString"] = _database.ConnectionString;
        start.Environment["Tomte__Output__Directory"] = Path.Combine(_scratch, "out");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        await server.StopAsync();
        var error = await stderr;
        var rss = PeakRss().Match(error);
        var user = UserTime().Match(error);
        var system = SystemTime().Match(error);
        var cpu = user.Success && system.Success
            ? TimeSpan.FromSeconds(double.Parse(user.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(system.Groups[1].Value, CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
        return new Run(process.ExitCode, clock.Elapsed, rss.Success ? long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) : -1, cpu,
            await stdout, error, server);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex PeakRss();

    [GeneratedRegex(@"User time \(seconds\): ([0-9.]+)")]
    private static partial Regex UserTime();

    [GeneratedRegex(@"System time \(seconds\): ([0-9.]+)")]
    private static partial Regex SystemTime();

    /// <summary>
    /// tomte as deploy/install.sh installs it (published for linux-x64, self-contained, precompiled), so the figures are
    /// the operator's: a build output would JIT-compile the worker on every run (~0.5 s more CPU than the published one).
    /// </summary>
    private async Task PublishWorkerAsync()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var root = testOutput.Parent!.Parent!.Parent!.Parent!.FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "publish", Path.Combine(root, "Tomte.Worker", "Tomte.Worker.csproj"), "-c", "Release", "-r", "linux-x64",
                     "--self-contained", "true", "-o", Path.Combine(_scratch, "tomte"),
                 })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet publish of the worker failed (exit {process.ExitCode}): {await stdout}{await stderr}");
    }
}
