using Tomte.Tests.Airtable;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Jobs;

/// <summary>One Airtable writer across processes (issue 13): real <c>tomte</c> processes against the strict fake.</summary>
public sealed class AirtableTwoProcessTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Doctor_and_two_syncs_at_once_share_one_budget_draw_no_429_and_send_no_batch_twice()
    {
        await SyncTestData.InsertAsync(_database, tomter: 120, eiendommer: 40, grunneiere: 20);
        // Airtable's real window and a latency on the way in, so a request arrives well after it was let through.
        await using var fake = await FakeAirtable.StartAsync(new FakeAirtableOptions
        {
            RateLimitWindow = TimeSpan.FromSeconds(1),
            RateLimitPenalty = TimeSpan.FromSeconds(2),
            RequestLatency = TimeSpan.FromMilliseconds(120),
        });
        var fakeBase = fake.AddBase();
        var settings = fake.ClientSettings(fakeBase);
        using (var host = TestHost.Build(_database, settings))
        {
            await TestHost.Get<AirtableSetup>(host).RunAsync(CancellationToken.None);
        }
        fake.ResetCounters();
        var ledgerBefore = await _database.ScalarAsync<long>("SELECT coalesce(sum(calls), 0)::bigint FROM ops.airtable_call");
        var environment = ChildEnvironment.From(_database, settings);

        var doctor = TomteProcess.RunAsync(environment, "doctor");
        var first = TomteProcess.RunAsync(environment, "sync");
        var second = TomteProcess.RunAsync(environment, "sync");
        var outcomes = await Task.WhenAll(doctor, first, second);

        Assert.True(outcomes[1].ExitCode == 0, outcomes[1].StandardError);
        Assert.True(outcomes[2].ExitCode == 0, outcomes[2].StandardError);
        Assert.Equal(0, fake.Counters.RateLimited);
        // The second sync waited for the first and then found nothing left to send.
        Assert.Contains(outcomes[1..], o => o.StandardError.Contains("venter til den er ferdig", StringComparison.Ordinal));
        var records = new[] { "Kommuner", "Tomter", "Grunneiere", "Eiendommer" }.Sum(t => fakeBase.Table(t).Count);
        Assert.Equal(records, fake.Counters.RecordsWritten);
        Assert.Equal(120, fakeBase.Table("Tomter").Count);
        // Every request was counted in the ledger, by whichever process sent it.
        Assert.Equal(fake.Counters.Total, await _database.ScalarAsync<long>("SELECT sum(calls)::bigint FROM ops.airtable_call") - ledgerBefore);
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM ops.airtable_request WHERE answered_at IS NULL"));
    }

    [Fact]
    public async Task An_idle_read_back_costs_one_request_per_table_and_an_idle_sync_one()
    {
        await SyncTestData.InsertAsync(_database, tomter: 5, eiendommer: 5, grunneiere: 3);
        await using var bed = await SyncTestBed.StartAsync(_database);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        var sync = bed.Get<AirtableSync>();
        await sync.RunAsync(null, CancellationToken.None);

        bed.Fake.ResetCounters();
        await sync.ReadBackAsync(CancellationToken.None);
        // One list per table read back, plus one per brokers' table for records the team made without an id (README's month on paper).
        Assert.Equal(AirtableSync.IdleReadBackRequests, bed.Fake.Counters.Total);

        bed.Fake.ResetCounters();
        await sync.SendAsync(CancellationToken.None);
        Assert.Equal(1, bed.Fake.Counters.Total);
    }
}
