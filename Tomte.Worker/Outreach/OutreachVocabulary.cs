using Tomte.Worker.Letters;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Outreach;

/// <summary>
/// Where an (owner, step) row of outreach.outbox is. <see cref="Sending"/> is claimed and committed before the
/// hand-off; <see cref="Uncertain"/> is a row found in <see cref="Sending"/> after a crash, which is never resent.
/// </summary>
public enum OutboxStatus
{
    Pending,
    Sending,
    Sent,
    Skipped,
    Failed,
    Uncertain,
}

/// <summary>Database text and the Norwegian names the team reads (Airtable Aktiviteter, CLI, demo).</summary>
public static class OutreachVocabulary
{
    public static ContactChannel Channel(this OutreachStep step) => step switch
    {
        OutreachStep.Grunneierbrev1 or OutreachStep.Grunneierbrev2 => ContactChannel.Post,
        OutreachStep.Grunneierbrev1Epost or OutreachStep.Oppfolging => ContactChannel.Epost,
        OutreachStep.Telefon => ContactChannel.Telefon,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public static string Text(this OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Sending => "sending",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Skipped => "skipped",
        OutboxStatus.Failed => "failed",
        OutboxStatus.Uncertain => "uncertain",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static OutreachStep StepFromDatabase(string value) =>
        OutreachSteps.TryParse(value, out var step) ? step : throw new InvalidOperationException($"outreach.outbox.step '{value}' is not a known step.");

    public static OutboxStatus StatusFromDatabase(string value) =>
        Enum.GetValues<OutboxStatus>().FirstOrDefault(s => s.Text() == value, (OutboxStatus)(-1)) is var status && Enum.IsDefined(status)
            ? status
            : throw new InvalidOperationException($"outreach.outbox.status '{value}' is not a known status.");

    /// <summary>The Aktiviteter "Status" choice (TomteSchema): planlagt, sendes, sendt, hoppet over, feilet.</summary>
    public static string AktivitetStatus(this OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "planlagt",
        OutboxStatus.Sending or OutboxStatus.Uncertain => "sendes",
        OutboxStatus.Sent => "sendt",
        OutboxStatus.Skipped => "hoppet over",
        OutboxStatus.Failed => "feilet",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
