using Microsoft.Extensions.Logging;
using MimeKit;

namespace Tomte.Worker.Letters;

/// <summary>
/// Composes the e-mail of (owner, step) as a MimeMessage ready for SMTP: HTML with a plain-text alternative (UTF-8),
/// From the company, Reply-To the responsible person, a deterministic Message-Id, and the List-Unsubscribe headers.
/// Sending is the outreach step's business.
/// </summary>
public sealed class LetterEmailComposer(LetterContent content, TimeProvider time, ILogger<LetterEmailComposer> logger)
{
    /// <summary>
    /// The Message-Id of (owner, step), without angle brackets: <c>tomte.{eier_id}.{step}@{domain of Tomte:Letters:Email}</c>.
    /// The same owner and step always get the same id, so a resend after a crash is recognisable and replies
    /// (In-Reply-To/References) lead back to the owner and step.
    /// </summary>
    public static string MessageId(string eierId, OutreachStep step, string senderEmail)
    {
        var at = senderEmail.LastIndexOf('@');
        if (at < 0 || at == senderEmail.Length - 1)
        {
            throw new ArgumentException($"sender e-mail '{senderEmail}' has no domain", nameof(senderEmail));
        }
        return $"tomte.{eierId}.{step.Text()}@{senderEmail[(at + 1)..].ToLowerInvariant()}";
    }

    /// <param name="model">An e-mail step's model (<see cref="OutreachStep.Grunneierbrev1"/> or <see cref="OutreachStep.Oppfolging"/>).</param>
    /// <param name="attachment">A PDF to attach (e.g. the printed letter 1), or null.</param>
    /// <param name="sentAs">The outbox step the e-mail goes out as, when it is not the model's (letter 1's e-mail copy); it names the Message-Id.</param>
    /// <exception cref="InvalidOperationException">The owner has no e-mail address.</exception>
    public MimeMessage Compose(LetterModel model, LetterAttachment? attachment = null, OutreachStep? sentAs = null)
    {
        var owner = model.Owner;
        if (owner.Epost is null)
        {
            throw new LetterInputException($"owner {owner.EierId} has no e-mail address; step {model.Step.Text()} cannot be e-mailed");
        }
        if (!MailboxAddress.TryParse(owner.Epost, out var to))
        {
            throw new LetterInputException($"owner {owner.EierId} has an e-mail address that is not valid; fix it in Airtable or the owner import");
        }
        var email = content.Email(model);
        var sender = model.Sender;
        var message = new MimeMessage
        {
            Subject = email.Subject,
            MessageId = MessageId(owner.EierId, sentAs ?? model.Step, sender.Email),
            Date = time.GetUtcNow(),
        };
        message.From.Add(new MailboxAddress(sender.CompanyName, sender.Email));
        message.To.Add(new MailboxAddress(owner.Navn, to.Address));
        message.ReplyTo.Add(new MailboxAddress(model.Responsible.Name, model.Responsible.Email));
        // RFC 2369 and RFC 8058: mail clients show an unsubscribe button; the mailto names only the owner id.
        var subject = Uri.EscapeDataString(LetterVariables.OptOutSubject(owner.EierId));
        message.Headers.Add("List-Unsubscribe", $"<mailto:{sender.OptOutAddress}?subject={subject}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        if (attachment is not null)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, new ContentType("application", "pdf"));
        }
        message.Body = body.ToMessageBody();
        logger.EmailComposed(owner.EierId, model.Step.Text(), message.MessageId);
        return message;
    }
}

/// <summary>A file attached to an e-mail.</summary>
public sealed record LetterAttachment(string FileName, byte[] Content);
