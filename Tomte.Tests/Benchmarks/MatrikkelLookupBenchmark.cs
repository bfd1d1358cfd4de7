using System.Diagnostics;
using System.Globalization;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Owners;
using Tomte.Worker.Owners;
using Tomte.Worker.Owners.Matrikkel;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// <c>tomte owners lookup</c> for 1,000 sites (three parcels each, ten sites per farm) through the SOAP path against a
/// loopback Matrikkel server answering every call after 150 ms, with the shipped batch size (100) and parallelism (4):
/// wall time, requests, peak memory. The server builds its answers from the recorded-format fixture items.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class MatrikkelLookupBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Sites = 1_000;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(150);

    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Owner_lookup_for_1000_sites_at_150_ms_latency()
    {
        await _database.ScalarAsync<int>($"""
            WITH l AS (INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, outcome)
                       VALUES ('teig', '3218', 'file', 'benchmark', now(), 'loaded') RETURNING load_id),
                 s AS (INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, endring, first_seen, last_seen)
                       SELECT format('3218-%s', lpad(n::text, 4, '0')), '3218',
                              ST_Multi(ST_MakeEnvelope(250000 + (n % 40) * 200, 6600000 + (n / 40) * 200, 250000 + (n % 40) * 200 + 150, 6600000 + (n / 40) * 200 + 150, 25833)),
                              22.5, 'ny', now(), now()
                       FROM generate_series(1, {Sites}) n RETURNING 1)
            INSERT INTO ref.teig (load_id, kommunenummer, source_id, gnr, bnr, matrikkelnummertekst, geom)
            SELECT l.load_id, '3218', format('teig.%s.%s', n, p), 1 + n / 10, (n % 10) * 3 + p, format('%s/%s', 1 + n / 10, (n % 10) * 3 + p),
                   ST_Multi(ST_MakeEnvelope(249990 + (n % 40) * 200 + p * 50, 6599990 + (n / 40) * 200, 249990 + (n % 40) * 200 + (p + 1) * 50 + (CASE WHEN p = 2 THEN 20 ELSE 0 END), 6600000 + (n / 40) * 200 + 160, 25833))
            FROM l, generate_series(1, {Sites}) n, generate_series(0, 2) p
            RETURNING 1
            """);
        var register = new SyntheticMatrikkelRegister();
        await using var server = await MatrikkelServer.StartAsync((call, _) => Task.FromResult<(int, string)?>((200, register.Answer(call))), Latency);
        using var host = TestHost.Build(_database, server.Settings());
        var lookup = TestHost.Get<OwnerLookup>(host);

        await using var memory = WorkingSetSampler.Start();
        var clock = Stopwatch.StartNew();
        var result = await lookup.RunAsync([], CancellationToken.None);
        clock.Stop();

        Assert.Equal(Sites, result.Parcels.SitesWithParcels);
        Assert.Equal(3 * Sites, result.Asked);
        Assert.Equal(3 * Sites, result.Found);
        // Each parcel: the farm's owner (shared by 30 parcels) and one owner of its own.
        Assert.Equal(3 * Sites + (Sites / 10) + 1, result.Stored.Owners);
        Assert.Equal(result.Requests, server.Calls.Count);

        string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        var calls = server.Calls.GroupBy(c => c.Operation + (c.IdType.Length > 0 ? " " + c.IdType : "")).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"Owner lookup, {Sites} sites, {result.Asked} parcels, {result.Stored.Owners} owners, {Latency.TotalMilliseconds} ms per call:");
        output.WriteLine($"  wall time {F(clock.Elapsed.TotalSeconds)} s (overlay {F(result.Parcels.DurationMs / 1000.0)} s); {result.Requests} requests ({string.Join(", ", calls)})");
        output.WriteLine($"  peak working set {memory.Peak / (1024 * 1024)} MB (+{(memory.Peak - memory.Before) / (1024 * 1024)} MB over the start)");
    }
}
