using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis.Maps;
using Tomte.Worker.Analysis.Scoring;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// Scores and draws maps for 5,000 synthetic sites (<c>TOMTE_BENCHMARK_SITES</c>) with surroundings on every map:
/// six teiger per site, a constraint on every third, an adopted plan beside every second, planning by others beside
/// every fifth, a public road along each row, a private road and a stop at every fourth. Prints seconds and peak
/// memory (this process's working set, and the server's private memory); then runs both again with nothing changed,
/// which must score and draw nothing. Run with:
/// <c>deploy/with-postgis.sh dotnet test -c Release --filter FullyQualifiedName~ScoreAndMapBenchmark</c>
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ScoreAndMapBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly int Sites =
        int.TryParse(Environment.GetEnvironmentVariable("TOMTE_BENCHMARK_SITES"), CultureInfo.InvariantCulture, out var sites) && sites > 0 ? sites : 5000;

    private readonly PostgisDatabase _database = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Maps:MinScore"] = "0" });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    // Sites on a grid 600 m apart, 100 per row, 120-250 m wide; everything else placed relative to them.
    private const string GenerateSql = """
        INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås');
        INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, outcome) VALUES ('benchmark', '3218', 'file', 'benchmark', now(), 'loaded');

        CREATE TEMP TABLE grid AS
        SELECT n, 200000 + (n % 100) * 600.0 AS x, 6600000 + (n / 100) * 600.0 AS y, 120 + (n * 37) % 130 AS w, 100 + (n * 53) % 110 AS h
        FROM generate_series(0, @sites - 1) n;

        INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, endring, konflikter, hensynssoner,
                                   naermeste_stopp_m, naermeste_vei_m, first_seen, last_seen)
        SELECT format('3218-%s', lpad((n + 1)::text, 5, '0')), '3218', ST_Multi(ST_MakeEnvelope(x, y, x + w, y + h, 25833)),
               round((w * h / 1000.0)::numeric, 2), floor(w * h / 400.0)::int, 'ny',
               CASE WHEN n % 3 = 0 THEN jsonb_build_object('flomsone', round(((n % 7) / 10.0)::numeric, 2)) ELSE '{}' END,
               CASE WHEN n % 11 = 0 THEN jsonb_build_object('støy', 0.2) ELSE '{}'::jsonb END,
               50 + (n * 97) % 2500, CASE WHEN n % 13 = 0 THEN NULL ELSE 10 + (n * 31) % 600 END, now(), now()
        FROM grid;

        INSERT INTO ref.teig (load_id, kommunenummer, source_id, gnr, bnr, geom)
        SELECT (SELECT max(load_id) FROM ingest.load), '3218', format('t-%s-%s', n, k), n / 50 + 1, n % 50 * 6 + k,
               ST_Multi(ST_MakeEnvelope(x - 20 + (k % 3) * (w + 40) / 3.0, y - 20 + (k / 3) * (h + 40) / 2.0,
                                        x - 20 + (k % 3 + 1) * (w + 40) / 3.0, y - 20 + (k / 3 + 1) * (h + 40) / 2.0, 25833))
        FROM grid, generate_series(0, 5) k;

        INSERT INTO ref.constraint_area (load_id, kommunenummer, kind, source_id, name, geom)
        SELECT (SELECT max(load_id) FROM ingest.load), '3218', (ARRAY['flomsone', 'kvikkleire', 'verneomrade', 'dyrka_mark', 'kulturminne'])[1 + n % 5],
               format('c-%s', n), NULL, ST_Multi(ST_Buffer(ST_MakePoint(x + w, y + h), 60, 8))
        FROM grid WHERE n % 3 = 0;

        INSERT INTO plan.rp_planomrade (load_id, kommunenummer, source_id, planidentifikasjon, plannavn, planstatus, geom)
        SELECT (SELECT max(load_id) FROM ingest.load), '3218', format('rp-%s', n), format('R-%s', n), 'Syntetisk plan', CASE WHEN n % 5 = 0 THEN 2 ELSE 3 END,
               ST_Multi(ST_MakeEnvelope(x - 200, y, x - 40, y + 180, 25833))
        FROM grid WHERE n % 2 = 0 OR n % 5 = 0;

        INSERT INTO ref.road (load_id, kommunenummer, source_id, vegkategori, vegnummer, geom)
        SELECT (SELECT max(load_id) FROM ingest.load), '3218', format('v-%s', r), 'K', r,
               ST_Multi(ST_MakeLine(ST_MakePoint(199000, 6600000 + r * 600.0 - 60), ST_MakePoint(262000, 6600000 + r * 600.0 - 60)))
        FROM generate_series(0, (@sites - 1) / 100) r;

        INSERT INTO ref.road (load_id, kommunenummer, source_id, vegkategori, vegnummer, geom)
        SELECT (SELECT max(load_id) FROM ingest.load), '3218', format('p-%s', n), 'P', NULL,
               ST_Multi(ST_MakeLine(ST_MakePoint(x + w / 2, y - 60), ST_MakePoint(x + w / 2, y)))
        FROM grid WHERE n % 4 = 0;

        INSERT INTO ref.stop_place (load_id, kommunenummer, source_id, name, transport_mode, geom)
        SELECT (SELECT max(load_id) FROM ingest.load), '3218', format('s-%s', n), format('Syntetisk holdeplass %s', n), 'bus',
               ST_SetSRID(ST_MakePoint(x + w + 30, y - 40), 25833)
        FROM grid WHERE n % 4 = 0;

        ANALYZE;
        """;

    [Fact]
    public async Task Score_and_draw_maps_for_5000_sites_then_a_rerun_with_nothing_changed()
    {
        output.WriteLine($"load average at the start (2 cores, shared machine): {File.ReadAllText("/proc/loadavg").Trim()}");
        await using (var generate = _database.DataSource.CreateCommand(GenerateSql))
        {
            generate.CommandTimeout = 600;
            generate.Parameters.Add(new NpgsqlParameter("sites", Sites));
            await generate.ExecuteNonQueryAsync();
        }
        var features = await _database.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM ref.teig) + (SELECT count(*) FROM ref.constraint_area) + (SELECT count(*) FROM plan.rp_planomrade) + (SELECT count(*) FROM ref.road) + (SELECT count(*) FROM ref.stop_place)");
        output.WriteLine($"{Sites} sites, {features} surrounding features");

        var scores = TestHost.Get<ScoreRunner>(_host);
        var maps = TestHost.Get<MapRunner>(_host);
        await using var probe = await _database.DataSource.OpenConnectionAsync();

        var (scored, scoreTime, scorePeak, scoreServer) = await MeasureAsync(probe.ProcessID, () => scores.RunAsync([], CancellationToken.None));
        var (drawn, drawTime, drawPeak, drawServer) = await MeasureAsync(probe.ProcessID, () => maps.RunAsync([], null, CancellationToken.None));
        var (rescored, rescoreTime, _, _) = await MeasureAsync(probe.ProcessID, () => scores.RunAsync([], CancellationToken.None));
        var (redrawn, redrawTime, redrawPeak, _) = await MeasureAsync(probe.ProcessID, () => maps.RunAsync([], null, CancellationToken.None));

        var bytes = await _database.ScalarAsync<long>("SELECT sum(length(png)) FROM analysis.tomt_kart");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"score: {scored.Scored} sites in {scoreTime.TotalSeconds:F1} s; peak working set {scorePeak / 1048576.0:F0} MB, server private {scoreServer / 1048576.0:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"maps: {drawn.Rendered} drawn in {drawTime.TotalSeconds:F1} s ({drawTime.TotalMilliseconds / Math.Max(1, drawn.Rendered):F0} ms per map); " +
            $"peak working set {drawPeak / 1048576.0:F0} MB, server private {drawServer / 1048576.0:F0} MB; {bytes / 1048576.0:F0} MB of PNG ({bytes / Math.Max(1, drawn.Rendered) / 1024.0:F0} KB per map)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-run, nothing changed: score {rescored.Scored} written / {rescored.Unchanged} unchanged in {rescoreTime.TotalSeconds:F1} s; " +
            $"maps {redrawn.Rendered} drawn / {redrawn.Unchanged} unchanged in {redrawTime.TotalSeconds:F1} s (peak working set {redrawPeak / 1048576.0:F0} MB)"));
        output.WriteLine($"load average at the end (2 cores, shared machine): {File.ReadAllText("/proc/loadavg").Trim()}");

        Assert.Equal(Sites, scored.Scored);
        Assert.Equal(Sites, drawn.Rendered);
        Assert.Equal((0, Sites), (rescored.Scored, rescored.Unchanged));
        Assert.Equal((0, Sites), (redrawn.Rendered, redrawn.Unchanged));
    }

    private static async Task<(T Result, TimeSpan Wall, long PeakWorkingSet, long PeakServerPrivate)> MeasureAsync<T>(int backendPid, Func<Task<T>> run)
    {
        await using var client = WorkingSetSampler.Start();
        await using var server = PostgresMemorySampler.Start(backendPid);
        var stopwatch = Stopwatch.StartNew();
        var result = await run();
        stopwatch.Stop();
        await client.StopAsync();
        await server.StopAsync();
        return (result, stopwatch.Elapsed, client.Peak, server.PeakPrivate);
    }
}
