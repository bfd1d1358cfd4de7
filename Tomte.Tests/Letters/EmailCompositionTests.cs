using MimeKit;
using Tomte.Worker.Letters;

namespace Tomte.Tests.Letters;

/// <summary>The composed e-mail as it would go on the wire: headers, encoding, æøå, unsubscribe.</summary>
public sealed class EmailCompositionTests
{
    [Fact]
    public void The_follow_up_has_a_deterministic_message_id_reply_to_the_responsible_person_and_unsubscribe_headers()
    {
        var composer = LetterFixtures.Composer();
        var model = LetterFixtures.Model(OutreachStep.Oppfolging);

        var first = composer.Compose(model);
        var again = composer.Compose(model);

        Assert.Equal("tomte.G17.oppfolging@fjordbolig.example", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, composer.Compose(LetterFixtures.Model(OutreachStep.Grunneierbrev1)).MessageId);

        var wire = Reparse(first, out var raw);
        Assert.Contains("Message-Id: <tomte.G17.oppfolging@fjordbolig.example>", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Fjordbolig Utvikling AS", ((MailboxAddress)wire.From[0]).Name);
        Assert.Equal("post@fjordbolig.example", ((MailboxAddress)wire.From[0]).Address);
        Assert.Equal("aase@example.no", ((MailboxAddress)wire.To[0]).Address);
        Assert.Equal("Åse Bjørnstad", ((MailboxAddress)wire.To[0]).Name);
        var replyTo = Assert.Single(wire.ReplyTo.Mailboxes);
        Assert.Equal(("Øystein Ås", "oystein@fjordbolig.example"), (replyTo.Name, replyTo.Address));
        Assert.Equal("<mailto:stopp@fjordbolig.example?subject=STOPP%20G17>", wire.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", wire.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), wire.Date);

        // Non-ASCII headers travel RFC 2047-encoded in UTF-8 and decode back to æøå.
        Assert.Contains("Subject: =?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Oppfølging: boligområdet i Ås (3218-0042)", wire.Subject);
        var alternative = Assert.IsType<MultipartAlternative>(wire.Body);
        var text = alternative.OfType<TextPart>().Single(p => p.IsPlain);
        var html = alternative.OfType<TextPart>().Single(p => p.IsHtml);
        Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
        Assert.Equal("utf-8", html.ContentType.Charset, ignoreCase: true);
        Assert.Contains("Hei Åse Bjørnstad", wire.TextBody);
        Assert.Contains("Hei Åse Bjørnstad", wire.HtmlBody);
        Assert.Contains("personvernforordningen artikkel 14", wire.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Letter_one_by_e_mail_can_carry_the_printed_letter_and_an_owner_without_e_mail_gets_a_clear_error()
    {
        var composer = LetterFixtures.Composer();
        var pdf = "%PDF-1.7 test"u8.ToArray();

        var message = Reparse(composer.Compose(LetterFixtures.Model(OutreachStep.Grunneierbrev1), new LetterAttachment("grunneierbrev-1.pdf", pdf)), out _);

        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("grunneierbrev-1.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        Assert.Equal("tomte.G17.grunneierbrev-1@fjordbolig.example", message.MessageId);

        var noEmail = LetterFixtures.Model(OutreachStep.Oppfolging);
        noEmail = noEmail with { Owner = noEmail.Owner with { Epost = null } };
        var error = Assert.Throws<LetterInputException>(() => composer.Compose(noEmail));
        Assert.Contains("owner G17 has no e-mail address", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => composer.Compose(LetterFixtures.Model(OutreachStep.Telefon)));
    }

    private static MimeMessage Reparse(MimeMessage message, out string raw)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        raw = System.Text.Encoding.ASCII.GetString(stream.ToArray());
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }
}
