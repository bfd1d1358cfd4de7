using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Airtable.Sync;

public sealed class AirtableInboundSyncTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private static async Task<SyncTestBed> SyncedAsync(PostgisDatabase database)
    {
        var bed = await SyncTestBed.StartAsync(database);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        return bed;
    }

    private static string IdOf(FakeTable table, string keyField, string key) =>
        table.Records.Single(r => r.Text(keyField) == key).Id;

    private Task<long> HistoryRowsAsync() => _database.ScalarAsync<long>("SELECT count(*) FROM airtable.team_field_history");

    [Fact]
    public async Task Team_changes_are_stored_with_history_once_and_the_watermark_advances()
    {
        await SyncTestData.InsertAsync(_database, tomter: 2, eiendommer: 2, grunneiere: 3);
        await using var bed = await SyncedAsync(_database);
        var inbound = bed.Get<AirtableInboundSync>();
        var owners = bed.Table("Grunneiere");
        var owner = IdOf(owners, "Eier-ID", "E000002");
        owners.EditAsTeam(owner, new JsonObject { ["Status"] = "klar", ["Godkjent for utsending"] = true, ["Samtykke e-post"] = true });
        bed.Table("Kommuner").EditAsTeam(IdOf(bed.Table("Kommuner"), "Kommunenummer", "3218"), new JsonObject { ["Kommunal vilje"] = 4.0 });

        var first = await inbound.RunAsync(CancellationToken.None);

        Assert.Equal(1, first.Single(r => r.Table == "Grunneiere").Records);
        Assert.Equal(3, first.Single(r => r.Table == "Grunneiere").Changes);
        Assert.Equal("klar", await _database.ScalarAsync<string>(
            "SELECT value #>> '{}' FROM airtable.team_field_current WHERE table_name = 'Grunneiere' AND record_key = 'E000002' AND field_name = 'Status'"));
        Assert.Equal(4m, await _database.ScalarAsync<decimal>("SELECT vilje FROM airtable.kommunal_vilje WHERE kommunenummer = '3218'"));
        var watermark = await _database.ScalarAsync<DateTime>("SELECT watermark FROM airtable.sync_watermark WHERE table_name = 'Grunneiere'");
        Assert.Equal(DateTime.Parse(owners.Record(owner).Text("Sist endret av teamet")!, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), watermark, TimeSpan.FromMilliseconds(1));

        // The overlap reads the same records again: nothing new is stored.
        var rows = await HistoryRowsAsync();
        var second = await inbound.RunAsync(CancellationToken.None);
        Assert.Equal(1, second.Single(r => r.Table == "Grunneiere").Records);
        Assert.All(second, r => Assert.Equal(0, r.Changes));
        Assert.Equal(rows, await HistoryRowsAsync());

        // A later move in the pipeline adds one row and keeps the earlier value as history.
        owners.EditAsTeam(owner, new JsonObject { ["Status"] = "brev sendt" });
        var third = await inbound.RunAsync(CancellationToken.None);
        Assert.Equal(1, third.Single(r => r.Table == "Grunneiere").Changes);
        Assert.Equal("klar→brev sendt", await _database.ScalarAsync<string>(
            "SELECT previous_status || '→' || status FROM airtable.grunneier_status_change WHERE eier_id = 'E000002' ORDER BY history_id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_field_the_team_empties_is_recorded_as_null_and_worker_writes_do_not_count_as_team_changes()
    {
        await SyncTestData.InsertAsync(_database, tomter: 3, eiendommer: 0, grunneiere: 0);
        await using var bed = await SyncedAsync(_database);
        var inbound = bed.Get<AirtableInboundSync>();
        var tomter = bed.Table("Tomter");
        var site = IdOf(tomter, "Tomte-ID", "3218-0001");
        tomter.EditAsTeam(site, new JsonObject { ["Notater"] = "Befaring fredag." });
        await inbound.RunAsync(CancellationToken.None);
        tomter.EditAsTeam(site, new JsonObject { ["Notater"] = null });

        await SyncTestData.ExecuteAsync(_database, "UPDATE analysis.tomt SET score = 5");
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        var result = await inbound.ReadTableAsync(TomteSchema.Table("Tomter"), CancellationToken.None);

        Assert.Equal(1, result.Records);
        Assert.Equal(1, result.Changes);
        Assert.Equal(0L, await _database.ScalarAsync<long>(
            "SELECT count(*) FROM airtable.team_field_current WHERE record_key = '3218-0001' AND field_name = 'Notater' AND value IS NOT NULL"));
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.team_field_history WHERE record_key = '3218-0001' AND field_name = 'Notater'"));
    }

    [Fact]
    public async Task Reading_back_100_status_changes_takes_at_most_two_requests()
    {
        await SyncTestData.InsertAsync(_database, tomter: 0, eiendommer: 0, grunneiere: 150);
        await using var bed = await SyncedAsync(_database);
        var inbound = bed.Get<AirtableInboundSync>();
        await inbound.RunAsync(CancellationToken.None);
        var owners = bed.Table("Grunneiere");
        foreach (var record in owners.Records.Take(100))
        {
            owners.EditAsTeam(record.Id, new JsonObject { ["Status"] = "svar" });
        }
        bed.Fake.ResetCounters();

        var result = await inbound.ReadTableAsync(TomteSchema.Table("Grunneiere"), CancellationToken.None);

        Assert.Equal(100, result.Records);
        Assert.Equal(100, result.Changes);
        Assert.InRange(bed.Fake.Counters.Total, 1, 2);
        Assert.Equal(100L, await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.grunneier_status_change WHERE status = 'svar'"));
    }
}
