using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Security;

namespace Tomte.Worker.Outreach;

/// <summary>What went wrong on the way into a mail server; each names different settings to fix.</summary>
public enum MailServerFailure
{
    /// <summary>No TCP connection: wrong host or port, firewall, server down, or a timeout.</summary>
    Unreachable,

    /// <summary>The TLS handshake failed, STARTTLS was not offered, or the certificate is not trusted.</summary>
    Tls,

    /// <summary>The server refused the username and password.</summary>
    Authentication,
}

/// <summary>A mail server could not be reached, secured or logged into; the message is one Norwegian line naming the settings.</summary>
public sealed class MailServerException(MailServerFailure failure, string settingKey, string message, Exception inner)
    : InvalidOperationException(message, inner)
{
    public MailServerFailure Failure { get; } = failure;

    /// <summary>The setting to look at first, e.g. <c>Tomte:Outreach:Smtp:Password</c>.</summary>
    public string SettingKey { get; } = settingKey;
}

/// <summary>
/// Connect, secure and log in to the SMTP or IMAP server (MailKit) the same way for sending, reading replies and
/// <c>tomte doctor</c>. A server whose certificate no public CA signed (an internal relay) is trusted through
/// <see cref="MailServerOptions.TrustedCertificateFile"/>: the certificate is built into a chain with that file as its
/// only root and the host name must still match. Validation is never switched off.
/// </summary>
public static class MailServerConnection
{
    /// <param name="section">The server's settings section, <c>Tomte:Outreach:Smtp</c> or <c>Tomte:Outreach:Imap</c>.</param>
    public static async Task OpenAsync(MailService client, MailServerOptions server, string section, CancellationToken cancellationToken)
    {
        client.Timeout = server.TimeoutSekunder * 1000;
        client.ServerCertificateValidationCallback = Validator(server);
        var where = $"{server.Host}:{server.Port}";
        try
        {
            await client.ConnectAsync(server.Host, server.Port, server.SocketOptions, cancellationToken);
        }
        catch (SslHandshakeException e)
        {
            throw new MailServerException(MailServerFailure.Tls, $"{section}:TrustedCertificateFile",
                $"TLS mot {where} feilet ({server.Security}): sertifikatet er ikke godkjent eller tjeneren snakker ikke TLS slik {section}:Security sier; " +
                $"sjekk {section}:Security, {section}:Port og {section}:TrustedCertificateFile ({Short(e)})", e);
        }
        catch (NotSupportedException e)
        {
            // MailKit's answer when STARTTLS is required but the server does not offer it.
            throw new MailServerException(MailServerFailure.Tls, $"{section}:Security",
                $"{where} tilbyr ikke STARTTLS; sjekk {section}:Security og {section}:Port ({Short(e)})", e);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or ProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MailServerException(MailServerFailure.Unreachable, $"{section}:Host",
                $"får ikke kontakt med {where}: sjekk {section}:Host og {section}:Port ({Short(e)})", e);
        }
        if (string.IsNullOrEmpty(server.Username))
        {
            return;
        }
        try
        {
            await client.AuthenticateAsync(server.Username, server.Password, cancellationToken);
        }
        catch (AuthenticationException e)
        {
            var variable = section.Replace(":", "__", StringComparison.Ordinal) + "__Password";
            throw new MailServerException(MailServerFailure.Authentication, $"{section}:Password",
                $"{where} avviste innloggingen for «{server.Username}»: sjekk {section}:Username og {section}:Password (miljøvariabelen {variable})", e);
        }
        catch (Exception e) when (e is IOException or ProtocolException or TimeoutException or NotSupportedException)
        {
            throw new MailServerException(MailServerFailure.Authentication, $"{section}:Username",
                $"innloggingen mot {where} feilet: sjekk {section}:Username og {section}:Password ({Short(e)})", e);
        }
    }

    /// <summary>An open connection in the team's words (<c>tomte doctor</c>): host, TLS and login.</summary>
    public static string Describe(MailService client, MailServerOptions server)
    {
        var tls = client.IsSecure ? $"TLS ({client.SslProtocol}, {server.Security})" : "uten TLS (bare tillatt på loopback)";
        var login = string.IsNullOrEmpty(server.Username) ? "uten innlogging" : $"innlogget som «{server.Username}»";
        return $"{server.Host}:{server.Port} svarer, {tls}, {login}";
    }

    /// <summary>Loads <see cref="MailServerOptions.TrustedCertificateFile"/> (PEM or DER); null when none is set.</summary>
    public static X509Certificate2? TrustedCertificate(MailServerOptions server) =>
        string.IsNullOrWhiteSpace(server.TrustedCertificateFile) ? null : X509CertificateLoader.LoadCertificateFromFile(server.TrustedCertificateFile);

    private static RemoteCertificateValidationCallback Validator(MailServerOptions server)
    {
        var trusted = TrustedCertificate(server);
        return (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }
            // Only an untrusted root may be overruled, and only by the configured certificate: a wrong host name never.
            if (trusted is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            {
                return false;
            }
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(trusted);
            // An internal CA rarely publishes revocation lists; the pinned root is the operator's explicit trust.
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
            try
            {
                return custom.Build(leaf);
            }
            catch (CryptographicException)
            {
                return false;
            }
        };
    }

    private static string Short(Exception e) => (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ").Trim();
}
