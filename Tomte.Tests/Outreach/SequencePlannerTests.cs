using Tomte.Worker.Letters;
using Tomte.Worker.Outreach;

namespace Tomte.Tests.Outreach;

/// <summary>The sequence's rules as a pure function: start, stop, day 0 from the print, lawful e-mail, skips with reasons.</summary>
public sealed class SequencePlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static OwnerOutreach Owner(bool organisation = false, bool consent = false, string? status = null, bool approved = true,
        DateTimeOffset? started = null, DateTimeOffset? anchor = null, DateTimeOffset? utfort = null, string? epost = "a@example.no", bool phone = true,
        params OutboxRow[] rows) =>
        new("G1", organisation, epost, false, phone, true, approved, consent, status, "Øystein Ås", started, anchor, null, null, utfort, rows);

    private static OutboxRow Row(OutreachStep step, OutboxStatus status, int day, DateTimeOffset? sentAt = null) =>
        new((long)step + 1, step, status, T0.AddDays(day), 0, null, sentAt, null, null);

    private static OutboxRow[] Planned(OutboxStatus brev1 = OutboxStatus.Pending, DateTimeOffset? brev1Sent = null) =>
    [
        Row(OutreachStep.Grunneierbrev1, brev1, 0, brev1Sent),
        Row(OutreachStep.Oppfolging, OutboxStatus.Pending, 3),
        Row(OutreachStep.Telefon, OutboxStatus.Pending, 14),
        Row(OutreachStep.Grunneierbrev2, OutboxStatus.Pending, 30),
    ];

    [Fact]
    public void Nothing_starts_until_the_team_approves_and_a_status_past_brev_sendt_never_starts()
    {
        var options = new OutreachOptions();
        Assert.Empty(SequencePlanner.Plan(Owner(approved: false), T0, options));
        Assert.Equal(DecisionKind.Start, Assert.Single(SequencePlanner.Plan(Owner(), T0, options)).Kind);
        Assert.Equal(DecisionKind.Wait, Assert.Single(SequencePlanner.Plan(Owner(status: "dialog"), T0, options)).Kind);
    }

    [Fact]
    public void Later_steps_wait_for_the_print_to_be_marked_done_and_then_count_from_that_moment()
    {
        var options = new OutreachOptions { PostSendtFra = PostSentFrom.Utfort };
        var waiting = SequencePlanner.Plan(Owner(started: T0, rows: Planned(OutboxStatus.Sent, T0)), T0.AddDays(5), options);
        Assert.All(waiting, d => Assert.Equal(DecisionKind.Wait, d.Kind));
        Assert.Contains(waiting, d => d.Reason.Contains("Utført", StringComparison.Ordinal));

        var ticked = T0.AddDays(2);
        var anchored = SequencePlanner.Plan(Owner(started: T0, utfort: ticked, rows: Planned(OutboxStatus.Sent, T0)), ticked.AddDays(3), options);
        var anchor = Assert.Single(anchored, d => d.Kind == DecisionKind.Anchor);
        Assert.Equal(ticked, anchor.At);
        Assert.Equal(DecisionKind.Skip, anchored.Single(d => d.Step == OutreachStep.Oppfolging).Kind); // person without consent
        Assert.Equal(ticked.AddDays(14), anchored.Single(d => d.Step == OutreachStep.Telefon).At);
    }

    [Fact]
    public void With_the_batch_date_the_later_steps_count_from_when_letter_one_went_into_the_batch()
    {
        var options = new OutreachOptions { PostSendtFra = PostSentFrom.Batch };
        var sent = T0.AddHours(1);
        var decisions = SequencePlanner.Plan(Owner(consent: true, started: T0, rows: Planned(OutboxStatus.Sent, sent)), sent.AddDays(3), options);
        Assert.Equal(sent, decisions.Single(d => d.Kind == DecisionKind.Anchor).At);
        Assert.Equal(DecisionKind.Send, decisions.Single(d => d.Step == OutreachStep.Oppfolging).Kind);
    }

    [Fact]
    public void E_mail_goes_only_to_an_organisation_or_a_person_who_consented()
    {
        var options = new OutreachOptions { PostSendtFra = PostSentFrom.Batch };
        DecisionKind Kind(OwnerOutreach owner) =>
            SequencePlanner.Plan(owner, T0.AddDays(3), options).Single(d => d.Step == OutreachStep.Oppfolging).Kind;
        Assert.Equal(DecisionKind.Send, Kind(Owner(organisation: true, started: T0, rows: Planned(OutboxStatus.Sent, T0))));
        Assert.Equal(DecisionKind.Send, Kind(Owner(consent: true, started: T0, rows: Planned(OutboxStatus.Sent, T0))));
        Assert.Equal(DecisionKind.Skip, Kind(Owner(consent: false, started: T0, rows: Planned(OutboxStatus.Sent, T0))));
        Assert.Equal(DecisionKind.Skip, Kind(Owner(organisation: true, epost: null, started: T0, rows: Planned(OutboxStatus.Sent, T0))));
    }

    [Fact]
    public void A_status_past_brev_sendt_stops_the_sequence()
    {
        var options = new OutreachOptions();
        foreach (var status in new[] { "svar", "dialog", "møte", "LOI", "ikke interessert", "reservert" })
        {
            var decision = Assert.Single(SequencePlanner.Plan(Owner(status: status, started: T0, rows: Planned()), T0, options));
            Assert.Equal(DecisionKind.Stop, decision.Kind);
            Assert.Contains(status, decision.Reason, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(SequencePlanner.Plan(Owner(status: "brev sendt", started: T0, rows: Planned()), T0, options), d => d.Kind == DecisionKind.Stop);
    }
}
