using MimeKit;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Outreach;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Tests.Outreach;

/// <summary>
/// Thirty days of the sequence on a FakeTimeProvider, one pass a day at 10:00 Oslo time, with the team's approval,
/// consent and "Utført" ticks as the read-back stores them, a status change and an opt-out; the day-3 e-mails go
/// to a real SMTP server (aiosmtpd) and are read back from it.
/// </summary>
// The tests that run real mail servers and the built worker take turns: run side by side they hung the suite.
[Collection(OutreachServers.Name)]
public sealed class SequenceWalkTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Day_zero_to_thirty_letters_e_mail_phone_tasks_stops_and_skips_happen_once_each_on_their_day()
    {
        await using var smtp = await SmtpSink.StartAsync("tomte", "smtp-passord");
        var settings = smtp.Settings("tomte", "smtp-passord");
        settings["Tomte:Output:Directory"] = Path.Combine(Path.GetTempPath(), "tomte-tests", _database.Name);
        await using var bed = await OutreachTestBed.StartAsync(_database, settings);
        await bed.ApproveAsync("G1", "G2", "G3", "G4");
        await bed.TeamFieldAsync("Grunneiere", "G1", "Samtykke e-post", "true");
        await bed.TeamFieldAsync("Grunneiere", "G4", "Samtykke e-post", "true");
        var runner = bed.Get<OutreachRunner>();

        // Day 0, Monday 7 December 10:00: every sequence starts, the four first letters go into the print batch.
        var day0 = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(4, day0.Count(DecisionKind.Start));
        Assert.Equal(4, day0.Lines.Count(l => l.Kind == DecisionKind.Send && l.Step == Worker.Letters.OutreachStep.Grunneierbrev1));
        Assert.True(File.Exists(day0.BatchFiles[0]), "the day's merged print PDF exists");
        Assert.EndsWith("utskrift.pdf", day0.BatchFiles[0], StringComparison.Ordinal);

        for (var day = 1; day <= 31; day++)
        {
            bed.Time.Advance(TimeSpan.FromDays(1));
            switch (day)
            {
                case 1:
                    // The team posts the letters and ticks Utført on three of them; G4's stays unticked.
                    foreach (var owner in new[] { "G1", "G2", "G3" })
                    {
                        await bed.TeamFieldAsync("Aktiviteter", $"{owner}-grunneierbrev-1", "Utført", "true");
                    }
                    break;
                case 2:
                    await bed.TeamFieldAsync("Grunneiere", "G4", "Status", "\"dialog\"");
                    break;
                case 25:
                    // A letter to a person needs a Reservasjonsregisteret wash at most 30 days old: letter 2 needs a new one.
                    await bed.ExecuteAsync("""
                        INSERT INTO owners.vask (fil, vaskedato, importert, antall, reserverte) VALUES ('vask-2.csv', date '2027-01-01', now(), 2, 0);
                        INSERT INTO owners.vask_eier (vask_id, eier_id, vaskedato, reservert)
                        SELECT 2, e, date '2027-01-01', false FROM unnest(ARRAY['G1', 'G3']) e;
                        """);
                    break;
                case 10:
                    await using (var connection = await _database.DataSource.OpenConnectionAsync())
                    {
                        await bed.Get<ContactPermissions>().AddOptOutAsync(connection, null, new OptOut("G2", null, null, "telefon til kontoret"));
                    }
                    break;
            }
            await runner.RunAsync(dryRun: false, CancellationToken.None);
        }

        var rows = await bed.OutboxAsync();
        // G1, a person who consented: all four steps.
        Assert.All(rows.Where(r => r.EierId == "G1"), r => Assert.Equal("sent", r.Status));
        Assert.True(bed.Single(rows, "G1", "telefon").HasScript);
        Assert.True(bed.Single(rows, "G1", "grunneierbrev-2").HasPdf);
        // G2, an organisation: e-mail is lawful; after its opt-out on day 10 the phone task and letter 2 are skipped.
        Assert.Equal("sent", bed.Single(rows, "G2", "oppfolging").Status);
        Assert.Equal("skipped", bed.Single(rows, "G2", "telefon").Status);
        Assert.Contains("avmeldt", bed.Single(rows, "G2", "telefon").Reason, StringComparison.Ordinal);
        Assert.Equal("skipped", bed.Single(rows, "G2", "grunneierbrev-2").Status);
        // G3, a person without consent: no e-mail, with the reason; the rest goes on.
        Assert.Equal("skipped", bed.Single(rows, "G3", "oppfolging").Status);
        Assert.Contains("samtykke", bed.Single(rows, "G3", "oppfolging").Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("sent", bed.Single(rows, "G3", "telefon").Status);
        Assert.Equal("sent", bed.Single(rows, "G3", "grunneierbrev-2").Status);
        // G4 moved to "dialog" before its letter was marked sent: stopped, nothing after letter 1.
        Assert.Equal("sent", bed.Single(rows, "G4", "grunneierbrev-1").Status);
        Assert.All(rows.Where(r => r.EierId == "G4" && r.Step != "grunneierbrev-1"), r =>
        {
            Assert.Equal("skipped", r.Status);
            Assert.Contains("dialog", r.Reason, StringComparison.Ordinal);
        });

        // The SMTP server got exactly the two follow-ups, each once.
        var received = smtp.Messages();
        Assert.Equal(2, received.Count);
        Assert.Equal(["tomte.G1.oppfolging@fjordbolig.example", "tomte.G2.oppfolging@fjordbolig.example"], received.Select(m => m.MessageId).Order());
        var g1 = received.Single(m => m.MessageId!.StartsWith("tomte.G1.", StringComparison.Ordinal));
        Assert.Equal("aase@example.no", g1.To.Mailboxes.Single().Address);
        Assert.Equal("Åse Bjørnstad", g1.To.Mailboxes.Single().Name);
        Assert.Equal("post@fjordbolig.example", g1.From.Mailboxes.Single().Address);
        Assert.Single(g1.ReplyTo.Mailboxes);
        Assert.Equal("<mailto:stopp@fjordbolig.example?subject=STOPP%20G1>", g1.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", g1.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("Oppfølging: boligområdet i Ås (3218-0001)", g1.Subject);
        var raw = await File.ReadAllTextAsync(smtp.Files().First(f => File.ReadAllText(f).Contains("tomte.G1.", StringComparison.Ordinal)));
        Assert.Contains("Subject: =?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Åse Bjørnstad", g1.TextBody, StringComparison.Ordinal);
        Assert.All(Assert.IsType<MultipartAlternative>(g1.Body).OfType<TextPart>(), p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));

        // The follow-up went out on its day: three days after G1's letter was ticked Utført (day 1), i.e. day 4.
        var sentAt = await _database.ScalarAsync<DateTime>("SELECT sent_at FROM outreach.outbox WHERE eier_id = 'G1' AND step = 'oppfolging'");
        Assert.Equal(OutreachTestBed.Start.AddDays(4).UtcDateTime, sentAt);

        // Another pass changes nothing.
        var again = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(0, again.Count(DecisionKind.Send));
        Assert.Equal(rows, await bed.OutboxAsync());
        Assert.Equal(2, smtp.Files().Count);
    }

    [Fact]
    public async Task The_daily_cap_and_the_send_window_hold_letters_back_until_the_next_open_day()
    {
        var settings = new Dictionary<string, string?> { ["Tomte:Outreach:DagligGrense"] = "3", ["Tomte:Outreach:PostSendtFra"] = "Batch" };
        // Monday 07:00 Oslo: before the window.
        await using var bed = await OutreachTestBed.StartAsync(_database, settings, OutreachTestBed.Start.AddHours(-3));
        await bed.ApproveAsync("G1", "G2", "G3", "G4");
        var runner = bed.Get<OutreachRunner>();

        var early = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(4, early.Count(DecisionKind.Start));
        Assert.Equal(0, early.Count(DecisionKind.Send));
        Assert.All(early.Lines.Where(l => l.Kind == DecisionKind.Wait), l => Assert.Contains("utenfor sendevinduet (neste: 07.12.2026 09:00)", l.Text, StringComparison.Ordinal));

        bed.Time.Advance(TimeSpan.FromHours(3));
        var first = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(3, first.Count(DecisionKind.Send));
        Assert.Contains(first.Lines, l => l.Text.Contains("dagens grense på 3", StringComparison.Ordinal));

        bed.Time.Advance(TimeSpan.FromDays(1));
        var second = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(1, second.Lines.Count(l => l.Kind == DecisionKind.Send && l.Step == Worker.Letters.OutreachStep.Grunneierbrev1));
    }
}
