using MimeKit;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Outreach;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Tests.Outreach;

/// <summary>
/// Thirty days of the sequence on a FakeTimeProvider, one pass a day at 10:00 Oslo time, with the team's approval,
/// consent and "Utført" ticks as the read-back stores them, a status change and an opt-out; letter 1's e-mail copies
/// (day 0) and the day-3 e-mails go to a real SMTP server (aiosmtpd) and are read back from it.
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

        // Day 0, Monday 7 December 10:00: every sequence starts, the four first letters go into the print batch, and
        // letter 1 goes by e-mail too where that is lawful: G1 and G4 consented, G2 is an organisation; G3 did not consent.
        var day0 = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(4, day0.Count(DecisionKind.Start));
        Assert.Equal(4, day0.Lines.Count(l => l.Kind == DecisionKind.Send && l.Step == Worker.Letters.OutreachStep.Grunneierbrev1));
        Assert.Equal(["G1", "G2", "G4"], day0.Lines.Where(l => l.Kind == DecisionKind.Send && l.Step == Worker.Letters.OutreachStep.Grunneierbrev1Epost).Select(l => l.EierId).Order());
        Assert.Equal(3, smtp.Files().Count);
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
        Assert.Equal("skipped", bed.Single(rows, "G3", "grunneierbrev-1-epost").Status);
        Assert.Contains("samtykke", bed.Single(rows, "G3", "grunneierbrev-1-epost").Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("sent", bed.Single(rows, "G3", "grunneierbrev-1").Status);
        Assert.Equal("sent", bed.Single(rows, "G3", "telefon").Status);
        Assert.Equal("sent", bed.Single(rows, "G3", "grunneierbrev-2").Status);
        // G4 moved to "dialog" before its letter was marked sent: stopped, nothing after letter 1 and its e-mail copy.
        Assert.Equal("sent", bed.Single(rows, "G4", "grunneierbrev-1").Status);
        Assert.Equal("sent", bed.Single(rows, "G4", "grunneierbrev-1-epost").Status);
        Assert.All(rows.Where(r => r.EierId == "G4" && !r.Step.StartsWith("grunneierbrev-1", StringComparison.Ordinal)), r =>
        {
            Assert.Equal("skipped", r.Status);
            Assert.Contains("dialog", r.Reason, StringComparison.Ordinal);
        });

        // The SMTP server got exactly the three copies of letter 1 and the two follow-ups, each once.
        var received = smtp.Messages();
        Assert.Equal(5, received.Count);
        Assert.Equal([
            "tomte.G1.grunneierbrev-1-epost@fjordbolig.example", "tomte.G1.oppfolging@fjordbolig.example",
            "tomte.G2.grunneierbrev-1-epost@fjordbolig.example", "tomte.G2.oppfolging@fjordbolig.example",
            "tomte.G4.grunneierbrev-1-epost@fjordbolig.example"], received.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(received.Select(m => m.MessageId).Order(StringComparer.Ordinal),
            rows.Where(r => r.MessageId is not null).Select(r => r.MessageId).Order(StringComparer.Ordinal));
        // Letter 1's e-mail carries the letter as a PDF, the same unsubscribe headers, and went out on day 0.
        var copy = received.Single(m => m.MessageId == "tomte.G1.grunneierbrev-1-epost@fjordbolig.example");
        var pdf = Assert.IsType<MimePart>(Assert.Single(copy.Attachments));
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        Assert.Equal("G1-grunneierbrev-1.pdf", pdf.FileName);
        using (var bytes = new MemoryStream())
        {
            await pdf.Content!.DecodeToAsync(bytes);
            Assert.Equal("%PDF"u8.ToArray(), bytes.ToArray()[..4]);
        }
        Assert.Equal("<mailto:stopp@fjordbolig.example?subject=STOPP%20G1>", copy.Headers["List-Unsubscribe"]);
        Assert.Equal(OutreachTestBed.Start.UtcDateTime,
            await _database.ScalarAsync<DateTime>("SELECT sent_at FROM outreach.outbox WHERE eier_id = 'G1' AND step = 'grunneierbrev-1-epost'"));
        // Its own Aktivitet, linked to the owner, beside the post letter's.
        var aktiviteter = await AktivitetProjection.ProjectAsync(_database.DataSource, CancellationToken.None);
        var copyAktivitet = aktiviteter.Single(a => a.Key == "G1-grunneierbrev-1-epost");
        Assert.Equal("Grunneierbrev 1 (e-post)", copyAktivitet.Fields["Steg"]);
        Assert.Equal("epost", copyAktivitet.Fields["Kanal"]);
        Assert.Equal("sendt", copyAktivitet.Fields["Status"]);
        Assert.Equal("tomte.G1.grunneierbrev-1-epost@fjordbolig.example", copyAktivitet.Fields["Melding-ID"]);
        Assert.Contains(aktiviteter, a => a.Key == "G1-grunneierbrev-1");
        Assert.Equal("hoppet over", aktiviteter.Single(a => a.Key == "G3-grunneierbrev-1-epost").Fields["Status"]);
        var g1 = received.Single(m => m.MessageId == "tomte.G1.oppfolging@fjordbolig.example");
        Assert.Equal("aase@example.no", g1.To.Mailboxes.Single().Address);
        Assert.Equal("Åse Bjørnstad", g1.To.Mailboxes.Single().Name);
        Assert.Equal("post@fjordbolig.example", g1.From.Mailboxes.Single().Address);
        Assert.Single(g1.ReplyTo.Mailboxes);
        Assert.Equal("<mailto:stopp@fjordbolig.example?subject=STOPP%20G1>", g1.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", g1.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("Oppfølging: boligområdet i Ås (3218-0001)", g1.Subject);
        var raw = await File.ReadAllTextAsync(smtp.Files().First(f => File.ReadAllText(f).Contains("tomte.G1.oppfolging", StringComparison.Ordinal)));
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
        Assert.Equal(5, smtp.Files().Count);
    }

    [Fact]
    public async Task Phone_tasks_are_made_on_weekdays_09_to_21_only_and_never_for_a_number_on_the_suppression_list()
    {
        // G1 and G3 are persons without consent to e-mail: no SMTP is needed; the letters count from the batch.
        await using var bed = await OutreachTestBed.StartAsync(_database, new Dictionary<string, string?>
        {
            ["Tomte:Outreach:PostSendtFra"] = "Batch",
            ["Tomte:Output:Directory"] = Path.Combine(Path.GetTempPath(), "tomte-tests", _database.Name),
        });
        await bed.ApproveAsync("G1", "G3");
        var runner = bed.Get<OutreachRunner>();
        await runner.RunAsync(dryRun: false, CancellationToken.None);
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        {
            // Only G1's number is on the list (a phone-only opt-out): its letters and the rest go on.
            await bed.Get<ContactPermissions>().AddOptOutAsync(connection, null, new OptOut(null, null, "900 00 001", "ringte og sa nei"));
        }

        // Day 14, Monday 21 December 22:00 Oslo: the phone tasks are due but the phone window (09–21) is closed.
        bed.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromHours(12));
        var late = await runner.RunAsync(dryRun: false, CancellationToken.None);
        var waiting = late.Lines.Where(l => l.Step == Worker.Letters.OutreachStep.Telefon).ToArray();
        Assert.Equal(2, waiting.Length);
        Assert.All(waiting, l => Assert.Equal(DecisionKind.Wait, l.Kind));
        Assert.All(waiting, l => Assert.Equal("utenfor telefonvinduet (neste: 22.12.2026 09:00)", l.Text));
        Assert.All((await bed.OutboxAsync()).Where(r => r.Step == "telefon"), r => Assert.Equal("pending", r.Status));

        // Tuesday 18:00: after the post window (16:00), inside the phone window. G3 gets a task; G1's number is suppressed.
        bed.Time.Advance(TimeSpan.FromHours(20));
        var evening = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Contains(evening.Lines, l => l is { EierId: "G3", Step: Worker.Letters.OutreachStep.Telefon, Kind: DecisionKind.Send });
        var rows = await bed.OutboxAsync();
        Assert.Equal("sent", bed.Single(rows, "G3", "telefon").Status);
        Assert.True(bed.Single(rows, "G3", "telefon").HasScript);
        var g1 = bed.Single(rows, "G1", "telefon");
        Assert.Equal("skipped", g1.Status);
        Assert.False(g1.HasScript);
        Assert.Equal("telefonnummeret står på sperrelisten (avmeldt)", g1.Reason);
        Assert.Equal("pending", bed.Single(rows, "G1", "grunneierbrev-2").Status);
    }

    [Fact]
    public async Task The_daily_cap_and_the_send_window_hold_letters_back_until_the_next_open_day()
    {
        var settings = new Dictionary<string, string?> { ["Tomte:Outreach:DagligGrense"] = "3", ["Tomte:Outreach:PostSendtFra"] = "Batch" };
        // Monday 07:00 Oslo: before the window.
        await using var bed = await OutreachTestBed.StartAsync(_database, settings, OutreachTestBed.Start.AddHours(-3));
        // No SMTP server here: the organisation G2 (whose e-mail copy of letter 1 would be lawful) has no address.
        await bed.ExecuteAsync("UPDATE owners.grunneier SET epost = NULL WHERE eier_id = 'G2'");
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
