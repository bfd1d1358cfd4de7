using Tomte.Worker.Letters;

using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Outreach;

public enum DecisionKind
{
    /// <summary>The team approved the owner: the sequence starts and its four steps are planned.</summary>
    Start,

    /// <summary>The owner's status moved past "brev sendt" (or they opted out): the remaining steps are skipped.</summary>
    Stop,

    /// <summary>Letter 1 counts as sent from this moment; the later steps are due from it.</summary>
    Anchor,

    /// <summary>The step is due and lawful; the permission check, the window and the cap come at the moment of sending.</summary>
    Send,

    /// <summary>The step will not happen; the reason is recorded.</summary>
    Skip,

    /// <summary>Nothing yet; the reason says what it waits for.</summary>
    Wait,
}

/// <summary>One thing the sequence would do (or not do) for an owner now, with the reason in Norwegian for the team.</summary>
public sealed record Decision(string EierId, DecisionKind Kind, OutreachStep? Step, string Reason, DateTimeOffset? At = null);

/// <summary>
/// The sequence's rules as a pure function of what is known about an owner and the time, so <c>tomte outreach</c>,
/// its <c>--dry-run</c> and the demo's 30-day walk decide the same way. What needs the outside world at the moment
/// of sending (the suppression list, the send window, the daily cap) is checked by <see cref="OutreachRunner"/>.
/// </summary>
public static class SequencePlanner
{
    public static IReadOnlyList<Decision> Plan(OwnerOutreach owner, DateTimeOffset now, OutreachOptions options)
    {
        var id = owner.EierId;
        if (owner.StoppedAt is not null)
        {
            return [];
        }
        if (owner.StartedAt is null)
        {
            if (!owner.Godkjent)
            {
                return [];
            }
            return owner.StatusPastBrevSendt
                ? [new Decision(id, DecisionKind.Wait, null, $"starter ikke: status er «{owner.Status}»")]
                : [new Decision(id, DecisionKind.Start, null, "godkjent for utsending", now)];
        }
        if (owner.StatusPastBrevSendt)
        {
            return [new Decision(id, DecisionKind.Stop, null, $"status «{owner.Status}»", now)];
        }
        if (!owner.Godkjent)
        {
            return [new Decision(id, DecisionKind.Wait, null, "ikke lenger godkjent for utsending")];
        }

        var decisions = new List<Decision>();
        var anchor = owner.AnchorAt ?? AnchorOf(owner, options);
        if (owner.AnchorAt is null && anchor is not null)
        {
            decisions.Add(new Decision(id, DecisionKind.Anchor, OutreachStep.Grunneierbrev1,
                options.PostSendtFra == PostSentFrom.Batch ? "brev 1 gikk i utskriftsbunken" : "brev 1 er merket utført", anchor));
        }
        foreach (var row in owner.Outbox.Where(r => r.Status == OutboxStatus.Pending).OrderBy(r => r.Step))
        {
            var step = row.Step;
            var dayZero = step is OutreachStep.Grunneierbrev1 or OutreachStep.Grunneierbrev1Epost;
            if (!dayZero && anchor is null)
            {
                decisions.Add(new Decision(id, DecisionKind.Wait, step, options.PostSendtFra == PostSentFrom.Batch
                    ? "venter på at brev 1 går i utskriftsbunken"
                    : "venter på at brev 1 merkes «Utført» i Aktiviteter"));
                continue;
            }
            var due = dayZero ? row.DueAt : DueFrom(anchor!.Value, step, options);
            if (due > now)
            {
                decisions.Add(new Decision(id, DecisionKind.Wait, step, "ikke forfalt ennå", due));
                continue;
            }
            if (row.NextAttemptAt is { } retry && retry > now)
            {
                decisions.Add(new Decision(id, DecisionKind.Wait, step, $"nytt forsøk etter midlertidig feil ({row.Attempts} forsøk)", retry));
                continue;
            }
            var unlawful = Precondition(owner, step);
            decisions.Add(unlawful is null
                ? new Decision(id, DecisionKind.Send, step, SendReason(owner, step), now)
                : new Decision(id, DecisionKind.Skip, step, unlawful, now));
        }
        return decisions;
    }

    /// <summary>When a later step is due: its day counted from when letter 1 counts as sent.</summary>
    public static DateTimeOffset DueFrom(DateTimeOffset anchor, OutreachStep step, OutreachOptions options) =>
        anchor.AddDays(options.Day(step) - options.Brev1Dag);

    private static DateTimeOffset? AnchorOf(OwnerOutreach owner, OutreachOptions options)
    {
        var brev1 = owner.Row(OutreachStep.Grunneierbrev1);
        return brev1?.Status switch
        {
            OutboxStatus.Sent => options.PostSendtFra == PostSentFrom.Batch ? brev1.SentAt : owner.Brev1UtfortAt,
            // A letter that could not go (no address, reserved) does not hold the rest back: they count from its day.
            OutboxStatus.Skipped or OutboxStatus.Failed => brev1.DueAt,
            _ => null,
        };
    }

    /// <summary>Why a step cannot lawfully or practically happen, or null when it can.</summary>
    private static string? Precondition(OwnerOutreach owner, OutreachStep step) => step.Channel() switch
    {
        ContactChannel.Epost when owner.Epost is null => "ingen e-postadresse",
        ContactChannel.Epost when owner.EpostUgyldig => "e-postadressen er ugyldig (avvist av e-posttjeneren)",
        ContactChannel.Epost when !owner.IsOrganisation && !owner.SamtykkeEpost =>
            "person uten samtykke til e-post («Samtykke e-post» er ikke krysset av)",
        ContactChannel.Telefon when !owner.HasPhone => "ingen telefonnummer",
        ContactChannel.Post when !owner.HasAddress => "mangler postadresse",
        _ => null,
    };

    private static string SendReason(OwnerOutreach owner, OutreachStep step) => step.Channel() switch
    {
        ContactChannel.Epost => owner.IsOrganisation ? "organisasjon: e-post er lovlig" : "personen har samtykket til e-post",
        ContactChannel.Telefon => owner.Ansvarlig is null ? "telefonoppgave (ingen ansvarlig satt)" : $"telefonoppgave til {owner.Ansvarlig}",
        _ => "brev til utskrift",
    };
}
