using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace Tomte.Worker.Outreach;

/// <summary>What an incoming message is to the sequence.</summary>
public enum InboundKind
{
    /// <summary>A person answered one of our e-mails.</summary>
    Svar,

    /// <summary>A person answered asking us to stop ("stopp", "ikke interessert", "avmeld").</summary>
    Avmelding,

    /// <summary>An out-of-office or other automatic answer: ignored (it only proves the e-mail arrived).</summary>
    Autosvar,

    /// <summary>A delivery status notification saying the e-mail could not be delivered: the address is bad.</summary>
    Retur,

    /// <summary>Not about any e-mail of ours: left for the team.</summary>
    Ukjent,
}

/// <summary>An incoming message classified: the Message-Ids of ours it refers to, and for a bounce the refused address.</summary>
public sealed record InboundMessage(InboundKind Kind, IReadOnlyList<string> ReferencedIds, string? BouncedAddress, string? BounceStatus);

/// <summary>
/// Sorts the sales inbox: bounces (RFC 3464 multipart/report with a failed action), automatic answers (RFC 3834
/// Auto-Submitted, the common X- headers and out-of-office subjects), and replies, matched to our e-mails by
/// In-Reply-To and References. Opt-out words are looked for in the subject and the new text only, not the quote.
/// </summary>
public static partial class ReplyClassifier
{
    [GeneratedRegex(@"\b(ikke\s+interessert|stopp|avmeld\w*|ikke\s+kontakt\w*|unsubscribe)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OptOutWords();

    [GeneratedRegex(@"^\s*(automatisk\s+svar|autosvar|fraværsmelding|fravær|ikke\s+til\s+stede|out\s+of\s+(the\s+)?office|automatic\s+reply|auto(matic)?[\s-]?reply|auto:|abwesenheit|frånvaro)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AutoReplySubject();

    public static InboundMessage Classify(MimeMessage message)
    {
        var ids = ReferencedIds(message);
        if (Bounce(message) is { } bounce)
        {
            return new InboundMessage(InboundKind.Retur, bounce.Ids.Concat(ids).Distinct(StringComparer.Ordinal).ToArray(), bounce.Recipient, bounce.Status);
        }
        if (ids.Count == 0)
        {
            return new InboundMessage(InboundKind.Ukjent, ids, null, null);
        }
        if (IsAutomatic(message))
        {
            return new InboundMessage(InboundKind.Autosvar, ids, null, null);
        }
        var text = (message.Subject ?? "") + "\n" + NewText(message.TextBody ?? HtmlToText(message.HtmlBody));
        return new InboundMessage(OptOutWords().IsMatch(text) ? InboundKind.Avmelding : InboundKind.Svar, ids, null, null);
    }

    private static List<string> ReferencedIds(MimeMessage message)
    {
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(message.InReplyTo))
        {
            ids.Add(message.InReplyTo.Trim('<', '>', ' '));
        }
        ids.AddRange(message.References.Select(r => r.Trim('<', '>', ' ')));
        return ids.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    public static bool IsAutomatic(MimeMessage message)
    {
        var headers = message.Headers;
        if (headers[HeaderId.AutoSubmitted] is { } submitted && !submitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers.Contains("X-Auto-Response-Suppress") && headers.Contains("X-MS-Exchange-Inbox-Rules-Loop"))
        {
            return true;
        }
        if (headers[HeaderId.Precedence] is { } precedence && precedence.Trim().ToLowerInvariant() is "auto_reply" or "bulk" or "junk")
        {
            return true;
        }
        return AutoReplySubject().IsMatch(message.Subject ?? "");
    }

    private static (IReadOnlyList<string> Ids, string? Recipient, string? Status)? Bounce(MimeMessage message)
    {
        var report = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (message.Body is not MultipartReport && report is null)
        {
            return null;
        }
        string? recipient = null;
        string? status = null;
        var failed = false;
        // Groups after the first are per recipient: Final-Recipient, Action, Status.
        foreach (var group in report?.StatusGroups.Skip(1) ?? [])
        {
            var action = group["Action"]?.Trim().ToLowerInvariant();
            if (action != "failed")
            {
                continue;
            }
            failed = true;
            status ??= group["Status"]?.Trim();
            recipient ??= group["Final-Recipient"] is { } final && final.Split(';', 2) is [_, var address] ? address.Trim() : null;
        }
        if (!failed)
        {
            return null;
        }
        // The returned message (or just its headers) names the Message-Id we sent.
        var ids = new List<string>();
        foreach (var part in message.BodyParts)
        {
            if (part is MessagePart { Message: { } returned } && returned.MessageId is { } id)
            {
                ids.Add(id);
            }
            else if (part is TextPart text && text.ContentType.IsMimeType("text", "rfc822-headers"))
            {
                using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.Text));
                var headers = HeaderList.Load(stream);
                if (headers[HeaderId.MessageId] is { } raw && MimeUtils.EnumerateReferences(raw).FirstOrDefault() is { } parsed)
                {
                    ids.Add(parsed);
                }
            }
        }
        return (ids, recipient, status);
    }

    /// <summary>The reply's own words: quoted lines and everything from a "wrote:" line or an Outlook header block on are left out.</summary>
    private static string NewText(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('>'))
            {
                continue;
            }
            if (Regex.IsMatch(trimmed, @"(skrev|wrote)\s*:\s*$", RegexOptions.IgnoreCase) || trimmed.StartsWith("-----Original", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("Fra:", StringComparison.Ordinal) || trimmed.StartsWith("From:", StringComparison.Ordinal))
            {
                break;
            }
            lines.Add(line);
        }
        return string.Join('\n', lines);
    }

    private static string HtmlToText(string? html) =>
        html is null ? "" : Regex.Replace(Regex.Replace(html, @"<blockquote[\s\S]*?</blockquote>", " ", RegexOptions.IgnoreCase), "<[^>]+>", " ");
}
