using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Airtable.Sync;

public sealed class AirtableOutboundSyncTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private static async Task<SyncTestBed> ReadyAsync(PostgisDatabase database)
    {
        var bed = await SyncTestBed.StartAsync(database);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        bed.Fake.ResetCounters();
        return bed;
    }

    private static Task<IReadOnlyList<AirtableOutboundSync.TableResult>> SyncAsync(SyncTestBed bed, CancellationToken cancellationToken = default) =>
        bed.Get<AirtableOutboundSync>().RunAsync(null, cancellationToken);

    private static string IdOf(FakeTable table, string keyField, string key) =>
        table.Records.Single(r => r.Text(keyField) == key).Id;

    [Fact]
    public async Task Sync_sends_every_record_with_links_resolved_and_a_second_sync_writes_nothing()
    {
        await SyncTestData.InsertAsync(_database, tomter: 3, eiendommer: 5, grunneiere: 4);
        await using var bed = await ReadyAsync(_database);

        var results = await SyncAsync(bed);

        // Kommuner, Tomter, Grunneiere, Eiendommer, Aktiviteter (no outreach yet, so none).
        Assert.Equal([3, 3, 4, 5, 0], results.Select(r => r.Sent));
        var tomter = bed.Table("Tomter");
        var site = tomter.Records.Single(r => r.Text("Tomte-ID") == "3218-0001");
        Assert.Equal("3218 Ås", site.Text("Kommune"));
        Assert.Equal(23.5, site.Fields["Areal (daa)"].GetValue<double>());
        Assert.Equal("2026-11-20", site.Text("Sist sett"));
        Assert.StartsWith("https://norgeskart.no/", site.Text("Kartlenke"), StringComparison.Ordinal);
        Assert.Contains("450 m til holdeplass", site.Text("Scoreforklaring"), StringComparison.Ordinal);

        // 3218-100/2 lies on site 0001 and is owned by E000001 (see SyncTestData).
        var parcel = bed.Table("Eiendommer").Records.Single(r => r.Text("Matrikkelnummer") == "3218-100/2");
        Assert.Equal([site.Id], parcel.Fields["Tomter"].AsArray().Select(n => (string)n!));
        var owner = IdOf(bed.Table("Grunneiere"), "Eier-ID", "E000001");
        Assert.Equal([owner], parcel.Fields["Eiere"].AsArray().Select(n => (string)n!));
        // The inverse links Airtable keeps: the owner's "Eiendommer" and the site's "Eiendommer".
        Assert.Contains(parcel.Id, bed.Table("Grunneiere").Record(owner).Fields["Eiendommer"].AsArray().Select(n => (string)n!));
        Assert.Contains(parcel.Id, site.Fields["Eiendommer"].AsArray().Select(n => (string)n!));
        Assert.Equal(15, await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.record_map WHERE discarded_at IS NULL"));

        bed.Fake.ResetCounters();
        var again = await SyncAsync(bed);

        Assert.All(again, r => Assert.Equal(0, r.Sent));
        Assert.Equal(0, bed.Fake.Counters.Writes);
        Assert.Equal(0, bed.Fake.Counters.Total);
    }

    [Fact]
    public async Task Only_changed_records_are_sent()
    {
        await SyncTestData.InsertAsync(_database, tomter: 12, eiendommer: 0, grunneiere: 0);
        await using var bed = await ReadyAsync(_database);
        await SyncAsync(bed);
        await SyncTestData.ExecuteAsync(_database, "UPDATE analysis.tomt SET score = 97.5 WHERE tomte_id IN ('3218-0004', '3218-0009')");
        bed.Fake.ResetCounters();

        var results = await SyncAsync(bed);

        Assert.Equal(2, results.Single(r => r.Table == "Tomter").Sent);
        var writes = bed.Fake.RequestLog.Where(e => e.Kind is FakeRequestKind.UpdateRecords or FakeRequestKind.UpsertRecords).ToList();
        Assert.Equal([2], writes.Select(w => w.Records));
        Assert.Equal(97.5, bed.Table("Tomter").Records.Single(r => r.Text("Tomte-ID") == "3218-0009").Fields["Score"].GetValue<double>());
    }

    [Fact]
    public async Task The_worker_never_writes_a_team_field_and_leaves_the_teams_values_alone()
    {
        await SyncTestData.InsertAsync(_database, tomter: 4, eiendommer: 6, grunneiere: 3);
        await using var bed = await ReadyAsync(_database);
        await SyncAsync(bed);
        var site = IdOf(bed.Table("Tomter"), "Tomte-ID", "3218-0002");
        var owner = IdOf(bed.Table("Grunneiere"), "Eier-ID", "E000002");
        bed.Table("Tomter").EditAsTeam(site, new JsonObject { ["Status"] = "prioritert", ["Notater"] = "Ring kommunen først." });
        bed.Table("Grunneiere").EditAsTeam(owner, new JsonObject { ["Status"] = "brev sendt", ["Godkjent for utsending"] = true });
        await SyncTestData.ExecuteAsync(_database, """
            UPDATE analysis.tomt SET score = 12.0, planstatus = NULL;
            UPDATE owners.grunneier SET adresse = 'Ny vei 1';
            """);

        await SyncAsync(bed);

        var written = bed.Wire.WrittenFields().ToList();
        Assert.NotEmpty(written);
        var teamFields = TomteSchema.Tables.SelectMany(t => t.Fields.Where(f => !f.WorkerWrites).Select(f => (Table: t.Name, Field: f.Name))).ToList();
        foreach (var (path, field) in written)
        {
            var table = TomteSchema.Tables.Single(t => path.Contains("/" + t.Name, StringComparison.Ordinal));
            Assert.True(table.Field(field)?.WorkerWrites == true, $"the worker wrote {table.Name}.{field}, which it does not own");
        }
        Assert.Contains(written, w => w.Field == "Score");
        Assert.NotEmpty(teamFields);
        Assert.Equal("prioritert", bed.Table("Tomter").Record(site).Text("Status"));
        Assert.Equal("Ring kommunen først.", bed.Table("Tomter").Record(site).Text("Notater"));
        Assert.False(bed.Table("Tomter").Record(site).Fields.ContainsKey("Planstatus"));
        Assert.Equal("brev sendt", bed.Table("Grunneiere").Record(owner).Text("Status"));
        Assert.True(bed.Table("Grunneiere").Record(owner).Fields["Godkjent for utsending"].GetValue<bool>());
    }

    [Fact]
    public async Task A_record_the_team_deleted_is_marked_discarded_and_not_recreated()
    {
        await SyncTestData.InsertAsync(_database, tomter: 5, eiendommer: 5, grunneiere: 2);
        await using var bed = await ReadyAsync(_database);
        await SyncAsync(bed);
        var tomter = bed.Table("Tomter");
        tomter.DeleteAsTeam(IdOf(tomter, "Tomte-ID", "3218-0003"));
        await SyncTestData.ExecuteAsync(_database, "UPDATE analysis.tomt SET score = score + 1");

        var results = await SyncAsync(bed);

        Assert.Equal(4, tomter.Count);
        Assert.DoesNotContain(tomter.Records, r => r.Text("Tomte-ID") == "3218-0003");
        Assert.Equal(1, results.Single(r => r.Table == "Tomter").Discarded);
        Assert.Equal(4, results.Single(r => r.Table == "Tomter").Sent);
        Assert.Equal("Tomter", await _database.ScalarAsync<string>("SELECT table_name FROM airtable.record_map WHERE record_key = '3218-0003' AND discarded_at IS NOT NULL"));

        // A parcel on the discarded site is still sent, without the link to it.
        await SyncTestData.ExecuteAsync(_database, "UPDATE analysis.tomt SET score = score + 1; UPDATE owners.tomt_eiendom SET andel_av_tomt = 0.5");
        var later = await SyncAsync(bed);

        Assert.Equal(4, tomter.Count);
        Assert.Equal(5, later.Single(r => r.Table == "Eiendommer").Sent);
        var parcel = bed.Table("Eiendommer").Records.Single(r => r.Text("Matrikkelnummer") == "3218-100/4");
        Assert.False(parcel.Fields.ContainsKey("Tomter"));
        Assert.Equal(0.5, parcel.Fields["Andel av tomt"].GetValue<double>());
    }

    [Fact]
    public async Task A_sync_killed_between_batches_and_run_again_leaves_no_duplicate_and_nothing_missing()
    {
        await SyncTestData.InsertAsync(_database, tomter: 47, eiendommer: 0, grunneiere: 0);
        await using var bed = await ReadyAsync(_database);
        var upserts = 0;
        using var kill = new CancellationTokenSource();
        bed.Wire.AfterResponse = (method, path) =>
        {
            // Airtable has taken the third batch, but the worker dies before it records that.
            if (method == "PATCH" && path.EndsWith("/Tomter", StringComparison.Ordinal) && Interlocked.Increment(ref upserts) == 3)
            {
                kill.Cancel();
                throw new OperationCanceledException(kill.Token);
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SyncAsync(bed, kill.Token));
        // Airtable holds records the crosswalk never heard of; a batch may have been in flight beside the killed one.
        var inAirtable = bed.Table("Tomter").Count;
        var known = await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.record_map WHERE table_name = 'Tomter'");
        Assert.InRange(inAirtable, 30, 40);
        Assert.True(known < inAirtable, $"{known} known of {inAirtable} in Airtable");

        bed.Wire.AfterResponse = null;
        await SyncAsync(bed);

        var keys = bed.Table("Tomter").Records.Select(r => r.Text("Tomte-ID")).ToList();
        Assert.Equal(47, keys.Count);
        Assert.Equal(47, keys.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 47).Select(n => $"3218-{n:0000}"), keys.Order());
        Assert.Equal(47, await _database.ScalarAsync<long>("SELECT count(*) FROM airtable.record_map WHERE table_name = 'Tomter'"));
    }

    [Fact]
    public async Task The_map_is_uploaded_once_and_again_only_when_it_changed()
    {
        await SyncTestData.InsertAsync(_database, tomter: 2, eiendommer: 0, grunneiere: 0);
        await SyncTestData.ExecuteAsync(_database, """
            INSERT INTO analysis.tomt_kart (tomte_id, png, rendered_at)
            VALUES ('3218-0001', decode('89504E470D0A1A0A0000000D49484452', 'hex'), now())
            """);
        await using var bed = await ReadyAsync(_database);

        var first = await SyncAsync(bed);
        var second = await SyncAsync(bed);
        await SyncTestData.ExecuteAsync(_database, "UPDATE analysis.tomt_kart SET png = decode('89504E470D0A1A0A0000000D4948445200', 'hex')");
        var third = await SyncAsync(bed);

        Assert.Equal([1, 0, 1], new[] { first, second, third }.Select(r => r.Single(t => t.Table == "Tomter").MapsUploaded));
        Assert.Equal(2, bed.Fake.RequestLog.Count(e => e.Kind == FakeRequestKind.UploadAttachment && e.Status == 200));
        var site = bed.Table("Tomter").Records.Single(r => r.Text("Tomte-ID") == "3218-0001");
        var attachments = site.Fields["Kart"].AsArray();
        Assert.Single(attachments);
        Assert.Equal("3218-0001.png", (string)attachments[0]!["filename"]!);
        Assert.False(bed.Table("Tomter").Records.Single(r => r.Text("Tomte-ID") == "3218-0002").Fields.ContainsKey("Kart"));
    }
}
