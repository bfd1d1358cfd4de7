using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Xunit.Abstractions;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// Initial sync of 5,000 Tomter + 8,000 Grunneiere + 10,000 Eiendommer against the fake at Airtable's REAL
/// limits (5 requests/s, 10 records per write, 30 s penalty), then a re-sync with nothing changed, then
/// reading back 100 status changes. Takes about 9 minutes. Run: see the README's "Benchmarks" section
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class AirtableSyncBenchmark(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Tomter = 5_000;
    private const int Grunneiere = 8_000;
    private const int Eiendommer = 10_000;

    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    // The client runs with its shipped limiter settings. A thinner Tomte:Airtable:RateLimitSafetyMargin
    // (10 ms) was tried once: the fake answered 429 again and again, each costing the 30 s penalty.
    [Fact]
    public async Task Initial_sync_resync_and_read_back_at_the_real_limits()
    {
        await SyncTestData.InsertAsync(_database, Tomter, Eiendommer, Grunneiere);
        await using var bed = await SyncTestBed.StartAsync(_database, new FakeAirtableOptions());
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        var sync = bed.Get<AirtableOutboundSync>();

        bed.Fake.ResetCounters();
        var clock = Stopwatch.StartNew();
        var initial = await sync.RunAsync(null, CancellationToken.None);
        clock.Stop();
        var initialCounters = bed.Fake.Counters;
        var sent = initial.Sum(r => r.Sent);
        var rate = sent / clock.Elapsed.TotalSeconds;
        var requestRate = initialCounters.Total / clock.Elapsed.TotalSeconds;

        Assert.Equal(Tomter, bed.Table("Tomter").Count);
        Assert.Equal(Grunneiere, bed.Table("Grunneiere").Count);
        Assert.Equal(Eiendommer, bed.Table("Eiendommer").Count);
        Assert.Equal(Tomter, bed.Table("Tomter").Records.Select(r => r.Text("Tomte-ID")).Distinct().Count());
        Assert.All(bed.Table("Eiendommer").Records, r => Assert.Single(r.Fields["Eiere"].AsArray()));

        bed.Fake.ResetCounters();
        var resync = await sync.RunAsync(null, CancellationToken.None);
        var resyncCounters = bed.Fake.Counters;
        Assert.All(resync, r => Assert.Equal(0, r.Sent));
        Assert.Equal(0, resyncCounters.Writes);

        var inbound = bed.Get<AirtableInboundSync>();
        await inbound.RunAsync(CancellationToken.None);
        var owners = bed.Table("Grunneiere");
        foreach (var record in owners.Records.Take(100))
        {
            owners.EditAsTeam(record.Id, new JsonObject { ["Status"] = "svar" });
        }
        bed.Fake.ResetCounters();
        var readBack = await inbound.ReadTableAsync(TomteSchema.Table("Grunneiere"), CancellationToken.None);
        var readCounters = bed.Fake.Counters;
        Assert.Equal(100, readBack.Records);
        Assert.Equal(100, readBack.Changes);

        string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        output.WriteLine($"Initial sync: {sent} records ({string.Join(", ", initial.Select(r => $"{r.Table} {r.Sent}"))}) in {F(clock.Elapsed.TotalSeconds)} s");
        output.WriteLine($"  {F(rate)} records/s against the bound of 50 records/s = {F(rate / 50 * 100)} %");
        output.WriteLine($"  requests: {initialCounters.Total} ({F(requestRate)} /s), writes {initialCounters.Writes}, 429s {initialCounters.RateLimited}, other errors {initialCounters.ClientErrors}");
        output.WriteLine($"Re-sync with nothing changed: write requests {resyncCounters.Writes}, total requests {resyncCounters.Total}");
        output.WriteLine($"Read back 100 status changes: {readCounters.Total} requests ({readCounters.Reads} reads), {readBack.Changes} values stored");
    }
}
