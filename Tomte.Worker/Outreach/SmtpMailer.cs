using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Tomte.Worker.Outreach;

/// <summary>How one hand-off to the SMTP server ended.</summary>
public enum SendOutcome
{
    /// <summary>The server accepted the message (250 after DATA).</summary>
    Accepted,

    /// <summary>A 5xx answer: the address or message is refused for good; never try it again.</summary>
    Permanent,

    /// <summary>A 4xx answer, a dropped connection or a timeout: try again later.</summary>
    Transient,
}

public sealed record SendResult(SendOutcome Outcome, string Detail);

/// <summary>
/// One SMTP session for a pass of the sequence (MailKit): connected and authenticated before any outbox row is
/// claimed, so a wrong password or an unreachable server never leaves a row in 'sending'.
/// </summary>
public sealed class SmtpMailer(IOptions<OutreachOptions> options) : IAsyncDisposable
{
    private SmtpClient? _client;

    public bool IsConfigured => options.Value.Smtp.IsConfigured;

    /// <summary>Connects and authenticates (once). Throws <see cref="MailServerException"/> naming the settings when the server cannot be reached, secured or logged into.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return;
        }
        var smtp = options.Value.Smtp;
        if (!smtp.IsConfigured)
        {
            throw new InvalidOperationException($"{OutreachOptions.Section}:Smtp:Host is empty; e-mail steps cannot be sent.");
        }
        _client?.Dispose();
        _client = new SmtpClient();
        try
        {
            await MailServerConnection.OpenAsync(_client, smtp, $"{OutreachOptions.Section}:Smtp", cancellationToken);
        }
        catch
        {
            _client.Dispose();
            _client = null;
            throw;
        }
    }

    /// <summary>Hands one message to the server and says how it ended; only cancellation and programming errors throw.</summary>
    public async Task<SendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await OpenAsync(cancellationToken);
            var answer = await _client!.SendAsync(message, cancellationToken);
            return new SendResult(SendOutcome.Accepted, answer);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return new SendResult(SendOutcome.Permanent, $"{(int)ex.StatusCode} {ex.Message}".Trim());
        }
        catch (SmtpCommandException ex)
        {
            return new SendResult(SendOutcome.Transient, $"{(int)ex.StatusCode} {ex.Message}".Trim());
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or TimeoutException or ServiceNotConnectedException or InvalidOperationException)
        {
            // The session is unusable after a protocol or connection error; the next message reconnects.
            _client?.Dispose();
            _client = null;
            return new SendResult(SendOutcome.Transient, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true })
        {
            try
            {
                await _client.DisconnectAsync(true);
            }
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException)
            {
                // QUIT after the work is done; the server may already have gone.
            }
        }
        _client?.Dispose();
    }
}
