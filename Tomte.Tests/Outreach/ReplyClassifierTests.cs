using MimeKit;
using Tomte.Worker.Outreach;

namespace Tomte.Tests.Outreach;

/// <summary>How the inbox is sorted: replies, opt-outs, automatic answers and bounces (RFC 3464 reports).</summary>
public sealed class ReplyClassifierTests
{
    private const string Ours = "tomte.G1.oppfolging@fjordbolig.example";

    internal static MimeMessage Reply(string text, string subject = "Re: Oppfølging: boligområdet i Ås (3218-0001)", string inReplyTo = Ours, string from = "aase@example.no")
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.no") };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("oystein@fjordbolig.example"));
        if (inReplyTo.Length > 0)
        {
            message.InReplyTo = inReplyTo;
            message.References.Add(inReplyTo);
        }
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    internal static MimeMessage AutoReply()
    {
        var message = Reply("Jeg er på ferie til 4. januar og leser ikke e-post.", subject: "Automatisk svar: Oppfølging: boligområdet i Ås");
        message.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        return message;
    }

    /// <summary>A DSN as Postfix writes it: multipart/report with a human part, message/delivery-status and the returned headers.</summary>
    internal static MimeMessage Bounce(string recipient, string messageId = Ours)
    {
        var raw = $"""
            From: MAILER-DAEMON@mx.example.no (Mail Delivery System)
            To: post@fjordbolig.example
            Subject: Undelivered Mail Returned to Sender
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B1"
            Message-Id: <20261210.bounce@mx.example.no>

            --B1
            Content-Type: text/plain; charset=us-ascii

            I'm sorry to have to inform you that your message could not be delivered.

            --B1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.no
            Arrival-Date: Thu, 10 Dec 2026 10:00:00 +0100

            Final-Recipient: rfc822; {recipient}
            Original-Recipient: rfc822;{recipient}
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: User unknown

            --B1
            Content-Type: text/rfc822-headers

            From: Fjordbolig Utvikling AS <post@fjordbolig.example>
            To: {recipient}
            Subject: =?utf-8?q?Oppf=C3=B8lging?=
            Message-Id: <{messageId}>

            --B1--
            """.Replace("\n", "\r\n", StringComparison.Ordinal);
        return MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));
    }

    [Fact]
    public void A_reply_to_our_e_mail_is_matched_by_in_reply_to_and_references()
    {
        var inbound = ReplyClassifier.Classify(Reply("Hei, dette høres interessant ut. Ring meg gjerne."));
        Assert.Equal(InboundKind.Svar, inbound.Kind);
        Assert.Contains(Ours, inbound.ReferencedIds);
    }

    [Theory]
    [InlineData("Stopp. Jeg vil ikke ha flere brev.")]
    [InlineData("Vi er ikke interessert i å selge.")]
    [InlineData("Avmeld meg, takk.")]
    public void A_reply_asking_us_to_stop_is_an_opt_out(string text) =>
        Assert.Equal(InboundKind.Avmelding, ReplyClassifier.Classify(Reply(text)).Kind);

    [Fact]
    public void Stop_words_in_the_quoted_original_do_not_count()
    {
        var text = "Takk, vi snakkes på torsdag.\n\nDen 10. des. 2026 skrev Fjordbolig:\n> Vil du ikke høre fra oss, svar «stopp».";
        Assert.Equal(InboundKind.Svar, ReplyClassifier.Classify(Reply(text)).Kind);
    }

    [Fact]
    public void Automatic_answers_are_recognised_by_header_and_by_subject()
    {
        Assert.Equal(InboundKind.Autosvar, ReplyClassifier.Classify(AutoReply()).Kind);
        Assert.Equal(InboundKind.Autosvar, ReplyClassifier.Classify(Reply("Jeg er borte.", subject: "Fraværsmelding")).Kind);
        Assert.Equal(InboundKind.Autosvar, ReplyClassifier.Classify(Reply("Away.", subject: "Out of Office: Oppfølging")).Kind);
        var precedence = Reply("Autosvar");
        precedence.Headers.Add(HeaderId.Precedence, "auto_reply");
        Assert.Equal(InboundKind.Autosvar, ReplyClassifier.Classify(precedence).Kind);
        var human = Reply("Svar fra meg selv.");
        human.Headers.Add(HeaderId.AutoSubmitted, "no");
        Assert.Equal(InboundKind.Svar, ReplyClassifier.Classify(human).Kind);
    }

    [Fact]
    public void A_delivery_status_report_is_a_bounce_naming_the_address_status_and_our_message()
    {
        var inbound = ReplyClassifier.Classify(Bounce("ukjent@example.no"));
        Assert.Equal(InboundKind.Retur, inbound.Kind);
        Assert.Equal("ukjent@example.no", inbound.BouncedAddress);
        Assert.Equal("5.1.1", inbound.BounceStatus);
        Assert.Contains(Ours, inbound.ReferencedIds);
    }

    [Fact]
    public void Mail_that_refers_to_nothing_of_ours_is_left_alone() =>
        Assert.Equal(InboundKind.Ukjent, ReplyClassifier.Classify(Reply("Nyhetsbrev", inReplyTo: "")).Kind);
}
