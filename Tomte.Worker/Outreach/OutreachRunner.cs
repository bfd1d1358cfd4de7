using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Hosting;

using Tomte.Worker.Letters;

using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Outreach;

/// <summary>
/// One pass of the sequence (<c>tomte outreach</c> and the outreach job): start the sequences the team approved,
/// stop those whose status moved on, then do every due step — letters into the day's print batch, e-mails over
/// SMTP, phone tasks for the responsible person — each checked against the suppression list at that moment.
/// </summary>
public sealed class OutreachRunner(
    OutreachStateReader stateReader,
    OutboxStore store,
    SendWindow window,
    ContactPermissions permissions,
    NpgsqlDataSource dataSource,
    IOutreachContent content,
    TimeProvider time,
    IOptions<OutreachOptions> options,
    IOptions<OutputOptions> output,
    ILogger<OutreachRunner> logger)
{
    /// <summary>What happened to one owner (and step) in this pass, in Norwegian.</summary>
    public sealed record Line(string EierId, OutreachStep? Step, DecisionKind Kind, string Text);

    public sealed record Result(DateTimeOffset Now, bool DryRun, IReadOnlyList<Line> Lines, int Interrupted, IReadOnlyList<string> BatchFiles)
    {
        public int Count(DecisionKind kind) => Lines.Count(l => l.Kind == kind);
    }

    public async Task<Result> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (dryRun)
        {
            var owners = await stateReader.ReadAsync(cancellationToken);
            var lines = owners.SelectMany(o => SequencePlanner.Plan(o, now, options.Value))
                .Select(d => new Line(d.EierId, d.Step, d.Kind, d.Reason + (d.At is { } at && d.Kind == DecisionKind.Wait ? $" (forfaller {Oslo(at)})" : "")))
                .ToArray();
            return new Result(now, true, lines, 0, []);
        }

        await using var passLock = await store.LockPassAsync(cancellationToken);
        var interrupted = await store.MarkInterruptedAsync(now, cancellationToken);
        foreach (var (eierId, step, _) in interrupted)
        {
            logger.OutboxRowInterrupted(eierId, step);
        }

        var result = new List<Line>();
        // Starts, stops and anchors first, so the due steps are read from what they changed.
        foreach (var owner in await stateReader.ReadAsync(cancellationToken))
        {
            foreach (var decision in SequencePlanner.Plan(owner, now, options.Value).Where(d => d.Kind is DecisionKind.Start or DecisionKind.Stop or DecisionKind.Anchor))
            {
                switch (decision.Kind)
                {
                    case DecisionKind.Start:
                        await store.StartAsync(owner.EierId, now, options.Value, cancellationToken);
                        logger.SequenceStarted(owner.EierId);
                        break;
                    case DecisionKind.Stop:
                        await store.StopAsync(owner.EierId, decision.Reason, now, cancellationToken);
                        logger.SequenceStopped(owner.EierId);
                        break;
                    default:
                        await store.AnchorAsync(owner.EierId, decision.At!.Value, now, options.Value, cancellationToken);
                        break;
                }
                result.Add(new Line(owner.EierId, decision.Step, decision.Kind, decision.Reason));
            }
        }

        var handedOff = await store.HandedOffSinceAsync(window.StartOfLocalDay(window.LocalDay(now)), cancellationToken);
        await using var mailer = new SmtpMailer(options);
        Exception? smtpDown = null;
        var due = (await stateReader.ReadAsync(cancellationToken))
            .SelectMany(o => SequencePlanner.Plan(o, now, options.Value).Select(d => (Owner: o, Decision: d)))
            .Where(x => x.Decision.Kind is DecisionKind.Send or DecisionKind.Skip)
            .OrderBy(x => x.Owner.Row(x.Decision.Step!.Value)!.DueAt)
            .ThenBy(x => x.Decision.Step!.Value)
            .ToArray();
        foreach (var (owner, decision) in due)
        {
            var row = owner.Row(decision.Step!.Value)!;
            if (decision.Kind == DecisionKind.Skip)
            {
                await store.SkipAsync(row.OutboxId, decision.Reason, now, cancellationToken);
                logger.StepSkipped(owner.EierId, row.Step);
                result.Add(new Line(owner.EierId, row.Step, DecisionKind.Skip, decision.Reason));
                continue;
            }
            var channel = row.Step.Channel();
            if (!window.IsOpen(now, channel))
            {
                var which = channel == ContactChannel.Telefon ? "telefonvinduet" : "sendevinduet";
                result.Add(new Line(owner.EierId, row.Step, DecisionKind.Wait, $"utenfor {which} (neste: {Oslo(window.NextOpen(now, channel))})"));
                continue;
            }
            if (channel != ContactChannel.Telefon)
            {
                if (handedOff >= options.Value.DagligGrense)
                {
                    result.Add(new Line(owner.EierId, row.Step, DecisionKind.Wait, $"dagens grense på {options.Value.DagligGrense} brev og e-poster er nådd"));
                    continue;
                }
            }
            ContactPermission permission;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                permission = await permissions.CheckAsync(connection, null, owner.EierId, channel, cancellationToken: cancellationToken);
            }
            if (!permission.IsAllowed)
            {
                var reason = permission.Text ?? "ikke tillatt å kontakte";
                await store.SkipAsync(row.OutboxId, reason, now, cancellationToken);
                logger.StepSkipped(owner.EierId, row.Step);
                result.Add(new Line(owner.EierId, row.Step, DecisionKind.Skip, reason));
                continue;
            }
            var line = channel switch
            {
                ContactChannel.Post => await LetterAsync(owner, row, now, cancellationToken),
                ContactChannel.Epost when smtpDown is not null => new Line(owner.EierId, row.Step, DecisionKind.Wait, "e-posttjeneren svarer ikke; prøver ved neste kjøring"),
                ContactChannel.Epost => await EmailAsync(mailer, owner, row, now, e => smtpDown = e, cancellationToken),
                _ => await PhoneTaskAsync(owner, row, now, cancellationToken),
            };
            if (line.Kind == DecisionKind.Send && channel != ContactChannel.Telefon)
            {
                handedOff++;
            }
            result.Add(line);
        }

        var batch = await PrintBatchAsync(now, cancellationToken);
        logger.PassFinished(result.Count(l => l.Kind == DecisionKind.Send), result.Count(l => l.Kind == DecisionKind.Skip), interrupted.Count);
        if (smtpDown is not null)
        {
            // The team reads this line on stderr: Norwegian, naming the setting (MailServerException's message).
            throw new InvalidOperationException($"e-poststegene venter til neste kjøring: {smtpDown.Message}", smtpDown);
        }
        return new Result(now, false, result, interrupted.Count, batch);
    }

    private async Task<Line> LetterAsync(OwnerOutreach owner, OutboxRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var letter = await content.RenderLetterAsync(owner.EierId, row.Step, cancellationToken);
        var done = await store.CompleteLetterAsync(row.OutboxId, letter.Pdf, letter.Pages, now, cancellationToken);
        return new Line(owner.EierId, row.Step, done ? DecisionKind.Send : DecisionKind.Wait, done ? "brev lagt i dagens utskriftsbunke" : "allerede behandlet");
    }

    private async Task<Line> PhoneTaskAsync(OwnerOutreach owner, OutboxRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var script = await content.PhoneScriptAsync(owner.EierId, cancellationToken);
        var done = await store.CompletePhoneTaskAsync(row.OutboxId, script, now, cancellationToken);
        var who = owner.Ansvarlig is null ? "uten ansvarlig" : $"til {owner.Ansvarlig}";
        return new Line(owner.EierId, row.Step, done ? DecisionKind.Send : DecisionKind.Wait, done ? $"telefonoppgave opprettet {who}" : "allerede behandlet");
    }

    /// <summary>
    /// Claim (committed) → hand-off → mark sent. The session is opened before the claim, so the only window in which
    /// a crash leaves the truth unknown is the SMTP DATA exchange plus one UPDATE (see docs/DESIGN.md, Outreach).
    /// </summary>
    private async Task<Line> EmailAsync(SmtpMailer mailer, OwnerOutreach owner, OutboxRow row, DateTimeOffset now, Action<Exception> serverDown, CancellationToken cancellationToken)
    {
        var message = await content.ComposeEmailAsync(owner.EierId, row.Step, cancellationToken);
        var messageId = message.MessageId
            ?? throw new InvalidOperationException($"The e-mail {row.Step} for owner {owner.EierId} has no Message-Id; replies could not be matched to it.");
        try
        {
            await mailer.OpenAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // Nothing was claimed: the step stays pending and the pass fails at its end (letters and tasks still go).
            serverDown(ex);
            return new Line(owner.EierId, row.Step, DecisionKind.Wait, "e-posttjeneren svarer ikke; prøver ved neste kjøring");
        }
        if (!await store.ClaimAsync(row.OutboxId, messageId, now, cancellationToken))
        {
            return new Line(owner.EierId, row.Step, DecisionKind.Wait, "allerede behandlet");
        }
        var sent = await mailer.SendAsync(message, cancellationToken);
        switch (sent.Outcome)
        {
            case SendOutcome.Accepted:
                await store.MarkSentAsync(row.OutboxId, "levert til e-posttjeneren", now);
                logger.EmailSent(owner.EierId, row.Step);
                return new Line(owner.EierId, row.Step, DecisionKind.Send, "e-post sendt");
            case SendOutcome.Permanent:
                await store.MarkFailedAsync(row.OutboxId, $"avvist av e-posttjeneren: {sent.Detail}", now);
                await store.MarkBadAddressAsync(owner.Epost!, owner.EierId, sent.Detail, now, CancellationToken.None);
                logger.EmailRejected(owner.EierId, row.Step, sent.Detail);
                return new Line(owner.EierId, row.Step, DecisionKind.Skip, "e-postadressen ble avvist; merket «E-post ugyldig»");
            default:
                var attempts = row.Attempts + 1;
                if (attempts >= options.Value.MaksForsok)
                {
                    await store.MarkFailedAsync(row.OutboxId, $"ga opp etter {attempts} forsøk: {sent.Detail}", now);
                    logger.EmailGaveUp(owner.EierId, row.Step, attempts, sent.Detail);
                    return new Line(owner.EierId, row.Step, DecisionKind.Skip, $"feilet etter {attempts} forsøk");
                }
                var retryAt = now.AddMinutes(options.Value.RetryMinutter * Math.Pow(2, attempts - 1));
                await store.MarkRetryAsync(row.OutboxId, sent.Detail, retryAt, now);
                logger.EmailDeferred(owner.EierId, row.Step, attempts, sent.Detail);
                return new Line(owner.EierId, row.Step, DecisionKind.Wait, $"midlertidig feil, prøver igjen {Oslo(retryAt)}");
        }
    }

    /// <summary>
    /// The day's print batch under &lt;output&gt;/utskrift/&lt;yyyy-MM-dd&gt;/: one merged PDF and its list. A later pass the
    /// same day that adds letters rebuilds it with the earlier letters first (each file written aside, then renamed
    /// over the old one). The files are replaced first and the letters marked after; a crash between the two (one
    /// UPDATE) leaves them unmarked, so the next pass rebuilds the same batch again: a letter is never left out.
    /// </summary>
    private async Task<IReadOnlyList<string>> PrintBatchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var letters = await store.UnbatchedLettersAsync(cancellationToken);
        if (letters.Count == 0)
        {
            return [];
        }
        var name = window.LocalDay(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var earlier = await store.LettersInBatchAsync(name, cancellationToken);
        var folder = Path.Combine(output.Value.ResolvedDirectory, "utskrift");
        Directory.CreateDirectory(folder);
        var batch = await content.WritePrintBatchAsync([.. earlier, .. letters.Select(l => l.Letter)], folder, name, cancellationToken);
        await store.MarkBatchedAsync(letters.Select(l => l.OutboxId).ToArray(), name);
        return [batch.PdfPath, batch.ListPath];
    }

    private string Oslo(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, options.Value.Zone()).ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
