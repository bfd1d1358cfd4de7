namespace Tomte.Worker.Outreach;

/// <summary>The four steps of the sequence (docs/DESIGN.md, Outreach), in the order they happen.</summary>
public enum OutreachStep
{
    Brev1,
    Oppfolging,
    Telefon,
    Brev2,
}

/// <summary>How a step reaches the owner.</summary>
public enum OutreachChannel
{
    Post,
    Epost,
    Telefon,
}

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
    public static readonly IReadOnlyList<OutreachStep> Steps = Enum.GetValues<OutreachStep>();

    public static OutreachChannel Channel(this OutreachStep step) => step switch
    {
        OutreachStep.Brev1 or OutreachStep.Brev2 => OutreachChannel.Post,
        OutreachStep.Oppfolging => OutreachChannel.Epost,
        OutreachStep.Telefon => OutreachChannel.Telefon,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public static string ToDatabase(this OutreachStep step) => step switch
    {
        OutreachStep.Brev1 => "brev1",
        OutreachStep.Oppfolging => "oppfolging",
        OutreachStep.Telefon => "telefon",
        OutreachStep.Brev2 => "brev2",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public static OutreachStep StepFromDatabase(string value) =>
        Steps.FirstOrDefault(s => s.ToDatabase() == value, (OutreachStep)(-1)) is var step && Enum.IsDefined(step)
            ? step
            : throw new InvalidOperationException($"outreach.outbox.step '{value}' is not a known step.");

    /// <summary>The step as the team reads it.</summary>
    public static string Norwegian(this OutreachStep step) => step switch
    {
        OutreachStep.Brev1 => "Grunneierbrev 1",
        OutreachStep.Oppfolging => "Oppfølging på e-post",
        OutreachStep.Telefon => "Telefonoppfølging",
        OutreachStep.Brev2 => "Grunneierbrev 2",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public static string ToDatabase(this OutreachChannel channel) => channel switch
    {
        OutreachChannel.Post => "post",
        OutreachChannel.Epost => "epost",
        OutreachChannel.Telefon => "telefon",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    public static string ToDatabase(this OutboxStatus status) => status switch
    {
        OutboxStatus.Pending => "pending",
        OutboxStatus.Sending => "sending",
        OutboxStatus.Sent => "sent",
        OutboxStatus.Skipped => "skipped",
        OutboxStatus.Failed => "failed",
        OutboxStatus.Uncertain => "uncertain",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static OutboxStatus StatusFromDatabase(string value) =>
        Enum.GetValues<OutboxStatus>().FirstOrDefault(s => s.ToDatabase() == value, (OutboxStatus)(-1)) is var status && Enum.IsDefined(status)
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
