using Tomte.Tests.Airtable;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Outreach;

namespace Tomte.Tests.Outreach;

/// <summary>
/// The sales inbox on a real IMAP server (dovecot on loopback) with a reply, an opt-out, an auto-reply, a bounce and an
/// unrelated message; the owners' Airtable records in the strict fake.
/// </summary>
// The tests that run real mail servers and the built worker take turns: run side by side they hung the suite.
[Collection(OutreachServers.Name)]
public sealed class ReplyReaderTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private static string Id(string eier) => $"tomte.{eier}.oppfolging@fjordbolig.example";

    [Fact]
    public async Task Replies_stop_the_sequence_and_move_the_status_opt_outs_suppress_bounces_mark_the_address_and_auto_replies_are_ignored()
    {
        await using var imap = await DovecotServer.StartAsync();
        await using var fake = await FakeAirtable.StartAsync(AirtableTestServices.ScaledOptions());
        var fakeBase = fake.AddBase();
        var settings = fake.ClientSettings(fakeBase);
        foreach (var (key, value) in imap.Settings())
        {
            settings[key] = value;
        }
        await using var bed = await OutreachTestBed.StartAsync(_database, settings);
        // Four sequences where the day-3 e-mail went out (G3's was interrupted mid-send and is 'uncertain') and the phone task waits.
        await bed.ExecuteAsync("""
            INSERT INTO outreach.sequence (eier_id, started_at, anchor_at) SELECT e, @t, @t FROM unnest(ARRAY['G1', 'G2', 'G3', 'G4']) e;
            INSERT INTO outreach.outbox (eier_id, step, channel, due_at, status, message_id, sent_at, created_at, updated_at)
            SELECT e, 'oppfolging', 'epost', @t, CASE e WHEN 'G3' THEN 'uncertain' ELSE 'sent' END,
                   'tomte.' || e || '.oppfolging@fjordbolig.example', CASE e WHEN 'G3' THEN NULL ELSE @t END, @t, @t
            FROM unnest(ARRAY['G1', 'G2', 'G3', 'G4']) e;
            INSERT INTO outreach.outbox (eier_id, step, channel, due_at, status, created_at, updated_at)
            SELECT e, 'telefon', 'telefon', @t + interval '11 days', 'pending', @t, @t FROM unnest(ARRAY['G1', 'G2', 'G3', 'G4']) e;
            """, ("t", OutreachTestBed.Start));
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);

        await imap.DeliverAsync(ReplyClassifierTests.Reply("Hei! Dette er interessant, ring meg gjerne på torsdag.", inReplyTo: Id("G1")));
        await imap.DeliverAsync(ReplyClassifierTests.Reply("Vi er ikke interessert. Ikke kontakt oss igjen.", inReplyTo: Id("G2"), from: "post@fjordtomter.example"));
        var auto = ReplyClassifierTests.AutoReply();
        auto.InReplyTo = Id("G3");
        auto.References.Clear();
        auto.References.Add(Id("G3"));
        await imap.DeliverAsync(auto);
        await imap.DeliverAsync(ReplyClassifierTests.Bounce("lise@example.no", Id("G4")));
        await imap.DeliverAsync(ReplyClassifierTests.Reply("Nyhetsbrev fra kommunen", subject: "Nyhetsbrev", inReplyTo: ""));

        var result = await bed.Get<ReplyReader>().RunAsync(CancellationToken.None);

        Assert.Equal(5, result.Messages);
        Assert.Equal(1, result.Kinds[InboundKind.Svar]);
        Assert.Equal(1, result.Kinds[InboundKind.Avmelding]);
        Assert.Equal(1, result.Kinds[InboundKind.Autosvar]);
        Assert.Equal(1, result.Kinds[InboundKind.Retur]);
        Assert.Equal(1, result.Kinds[InboundKind.Ukjent]);

        var rows = await bed.OutboxAsync();
        // G1 replied: sequence stopped, the phone task skipped with the reason, Airtable status "svar".
        Assert.Equal("skipped", bed.Single(rows, "G1", "telefon").Status);
        Assert.Contains("svar mottatt", bed.Single(rows, "G1", "telefon").Reason, StringComparison.Ordinal);
        // G2 asked us to stop: on the suppression list as well.
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.suppression WHERE eier_id = 'G2' AND reason = 'opt_out' AND epost IS NULL"));
        Assert.Equal("skipped", bed.Single(rows, "G2", "telefon").Status);
        // G3's auto-reply proves the interrupted e-mail arrived; the sequence goes on.
        Assert.Equal("sent", bed.Single(rows, "G3", "oppfolging").Status);
        Assert.Equal("pending", bed.Single(rows, "G3", "telefon").Status);
        // G4's address bounced: marked bad, the e-mail failed; the phone task still stands.
        Assert.Equal("failed", bed.Single(rows, "G4", "oppfolging").Status);
        Assert.Equal("pending", bed.Single(rows, "G4", "telefon").Status);
        Assert.Equal("lise@example.no", await _database.ScalarAsync<string>("SELECT epost FROM outreach.bad_address"));

        var owners = fakeBase.Table(TomteSchema.Grunneiere);
        string? Status(string eier) => owners.Records.Single(r => r.Text("Eier-ID") == eier).Text("Status");
        Assert.Equal("svar", Status("G1"));
        Assert.Equal("svar", Status("G2"));
        Assert.Null(Status("G3"));
        Assert.Null(Status("G4"));
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.inbound_message WHERE status_written = 'svar'"));

        // The next sync shows the bad address on the owner and every step as an Aktivitet.
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        Assert.Equal("True", owners.Records.Single(r => r.Text("Eier-ID") == "G4").Text("E-post ugyldig"), ignoreCase: true);
        var activities = fakeBase.Table(TomteSchema.Aktiviteter).Records;
        Assert.Equal(8, activities.Count);
        Assert.Equal("feilet", activities.Single(r => r.Text("Aktivitet-ID") == "G4-oppfolging").Text("Status"));
        Assert.Equal("hoppet over", activities.Single(r => r.Text("Aktivitet-ID") == "G1-telefon").Text("Status"));

        // Read again: nothing new, nothing done twice.
        var again = await bed.Get<ReplyReader>().RunAsync(CancellationToken.None);
        Assert.Equal(0, again.Messages);
        Assert.Equal(5L, await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.inbound_message"));
    }
}
