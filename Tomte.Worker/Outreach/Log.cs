using Microsoft.Extensions.Logging;

using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>Outreach log events, ids 7000-7999. Owner ids and steps only: never a name, address, e-mail or phone number.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Outreach pass: {SentCount} steps done, {SkippedCount} skipped, {InterruptedCount} rows found interrupted")]
    public static partial void PassFinished(this ILogger logger, int sentCount, int skippedCount, int interruptedCount);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Outreach sequence started for owner {EierId}")]
    public static partial void SequenceStarted(this ILogger logger, string eierId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Outreach sequence stopped for owner {EierId}")]
    public static partial void SequenceStopped(this ILogger logger, string eierId);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Outreach step {Step} skipped for owner {EierId}")]
    public static partial void StepSkipped(this ILogger logger, string eierId, OutreachStep step);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Outreach step {Step} of owner {EierId} was left in 'sending' by a pass that died; marked uncertain, not resent")]
    public static partial void OutboxRowInterrupted(this ILogger logger, string eierId, OutreachStep step);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "E-mail {Step} to owner {EierId} accepted by the SMTP server")]
    public static partial void EmailSent(this ILogger logger, string eierId, OutreachStep step);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "E-mail {Step} to owner {EierId} refused for good: {Detail}; address marked bad")]
    public static partial void EmailRejected(this ILogger logger, string eierId, OutreachStep step, string detail);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "E-mail {Step} to owner {EierId} deferred after attempt {Attempt}: {Detail}")]
    public static partial void EmailDeferred(this ILogger logger, string eierId, OutreachStep step, int attempt, string detail);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Error, Message = "E-mail {Step} to owner {EierId} failed after {Attempt} attempts: {Detail}")]
    public static partial void EmailGaveUp(this ILogger logger, string eierId, OutreachStep step, int attempt, string detail);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Inbox {Mailbox}: {MessageCount} new messages, {ReplyCount} replies, {OptOutCount} opt-outs, {BounceCount} bounces, {AutoReplyCount} auto-replies, {UnmatchedCount} unmatched")]
    public static partial void InboxRead(this ILogger logger, string mailbox, int messageCount, int replyCount, int optOutCount, int bounceCount, int autoReplyCount, int unmatchedCount);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Owner {EierId} replied; Grunneiere.Status set to {Status} in Airtable (the worker's one write to a team field)")]
    public static partial void ReplyStatusWritten(this ILogger logger, string eierId, string status);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Owner {EierId} replied but has no Airtable record yet; the status move waits for the next read")]
    public static partial void ReplyWithoutRecord(this ILogger logger, string eierId);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Information, Message = "Outbox row {Step} of owner {EierId} reconciled as sent: a message referring to its Message-Id arrived")]
    public static partial void UncertainReconciled(this ILogger logger, string eierId, OutreachStep step);
}
