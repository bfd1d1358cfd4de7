using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MailKit.Security;

using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>What day 0 of the steps after a letter is: when the team ticks the letter's Aktivitet "Utført", or the print batch date.</summary>
public enum PostSentFrom
{
    /// <summary>The team ticks "Utført" on the letter's Aktivitet when the print went in the post.</summary>
    Utfort,

    /// <summary>The day the letter went into the daily print batch.</summary>
    Batch,
}

/// <summary>TLS on an SMTP or IMAP connection.</summary>
public enum MailSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (port 587 / 143); refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465 / 993).</summary>
    Tls,

    /// <summary>No TLS: only for a server on loopback (tests).</summary>
    None,
}

/// <summary>Settings under <c>Tomte:Outreach</c>: the sequence's days, the send window, the cap, SMTP and IMAP.</summary>
public sealed class OutreachOptions
{
    public const string Section = "Tomte:Outreach";

    [Range(0, 365)] public int Brev1Dag { get; set; }

    [Range(0, 365)] public int OppfolgingDag { get; set; } = 3;

    [Range(0, 365)] public int TelefonDag { get; set; } = 14;

    [Range(0, 365)] public int Brev2Dag { get; set; } = 30;

    public PostSentFrom PostSendtFra { get; set; } = PostSentFrom.Utfort;

    /// <summary>Letters and e-mails go out on weekdays from this local time (Europe/Oslo), not on public holidays.</summary>
    public TimeOnly SendevinduStart { get; set; } = new(9, 0);

    public TimeOnly SendevinduSlutt { get; set; } = new(16, 0);

    /// <summary>Phone tasks are made on weekdays from this local time (DESIGN.md: the phone step's window is 09–21), not on public holidays.</summary>
    public TimeOnly TelefonvinduStart { get; set; } = new(9, 0);

    public TimeOnly TelefonvinduSlutt { get; set; } = new(21, 0);

    public string TimeZone { get; set; } = "Europe/Oslo";

    /// <summary>At most this many letters and e-mails handed off per local day (phone tasks do not count).</summary>
    [Range(1, 100_000)] public int DagligGrense { get; set; } = 100;

    /// <summary>First wait after a transient failure; it doubles with each attempt.</summary>
    [Range(1, 1440)] public int RetryMinutter { get; set; } = 15;

    /// <summary>After this many transient failures the step is marked failed.</summary>
    [Range(1, 50)] public int MaksForsok { get; set; } = 6;

    public MailServerOptions Smtp { get; set; } = new() { Port = 587 };

    public MailServerOptions Imap { get; set; } = new() { Port = 993, Security = MailSecurity.Tls };

    /// <summary>The IMAP folder the replies arrive in.</summary>
    public string ImapMappe { get; set; } = "INBOX";

    public int Day(OutreachStep step) => step switch
    {
        OutreachStep.Grunneierbrev1 or OutreachStep.Grunneierbrev1Epost => Brev1Dag,
        OutreachStep.Oppfolging => OppfolgingDag,
        OutreachStep.Telefon => TelefonDag,
        OutreachStep.Grunneierbrev2 => Brev2Dag,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>One mail server (<c>Tomte:Outreach:Smtp</c> or <c>Tomte:Outreach:Imap</c>); the password from the environment.</summary>
public sealed class MailServerOptions
{
    public string Host { get; set; } = "";

    [Range(1, 65535)] public int Port { get; set; }

    public MailSecurity Security { get; set; } = MailSecurity.StartTls;

    public string Username { get; set; } = "";

    /// <summary>From the environment (Tomte__Outreach__Smtp__Password), never a committed file.</summary>
    public string Password { get; set; } = "";

    [Range(1, 600)] public int TimeoutSekunder { get; set; } = 30;

    /// <summary>
    /// A certificate file (PEM or DER) to trust as the root for this server, for an internal relay whose certificate no
    /// public CA signed (e.g. the company's own CA, or the relay's self-signed certificate). The host name must still match.
    /// </summary>
    public string TrustedCertificateFile { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public SecureSocketOptions SocketOptions => Security switch
    {
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };
}

internal sealed class OutreachOptionsValidator : IValidateOptions<OutreachOptions>
{
    public ValidateOptionsResult Validate(string? name, OutreachOptions options)
    {
        var failures = new List<string>();
        if (options.SendevinduSlutt <= options.SendevinduStart)
        {
            failures.Add($"{OutreachOptions.Section}:SendevinduSlutt is {options.SendevinduSlutt:HH\\:mm}; it must be after SendevinduStart ({options.SendevinduStart:HH\\:mm}).");
        }
        if (options.TelefonvinduSlutt <= options.TelefonvinduStart)
        {
            failures.Add($"{OutreachOptions.Section}:TelefonvinduSlutt is {options.TelefonvinduSlutt:HH\\:mm}; it must be after TelefonvinduStart ({options.TelefonvinduStart:HH\\:mm}).");
        }
        try
        {
            options.Zone();
        }
        catch (TimeZoneNotFoundException)
        {
            failures.Add($"{OutreachOptions.Section}:TimeZone is '{options.TimeZone}'; use an IANA zone such as Europe/Oslo.");
        }
        var days = OutreachSteps.All.Select(options.Day).ToArray();
        if (!days.Zip(days.Skip(1)).All(p => p.First <= p.Second))
        {
            failures.Add($"{OutreachOptions.Section}: the step days are {string.Join(", ", days)} (Brev1Dag, OppfolgingDag, TelefonDag, Brev2Dag); they must not decrease.");
        }
        foreach (var (key, server) in new[] { ("Smtp", options.Smtp), ("Imap", options.Imap) })
        {
            if (server.IsConfigured && server.Security == MailSecurity.None && !IsLoopback(server.Host))
            {
                failures.Add($"{OutreachOptions.Section}:{key}:Security is None for host '{server.Host}'; without TLS only a loopback server is allowed.");
            }
            if (!string.IsNullOrWhiteSpace(server.TrustedCertificateFile))
            {
                try
                {
                    MailServerConnection.TrustedCertificate(server)?.Dispose();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
                {
                    failures.Add($"{OutreachOptions.Section}:{key}:TrustedCertificateFile is '{server.TrustedCertificateFile}'; it cannot be read as a certificate (PEM or DER): {e.Message}");
                }
            }
            if (server.IsConfigured && !string.IsNullOrEmpty(server.Username) && string.IsNullOrEmpty(server.Password))
            {
                failures.Add($"{OutreachOptions.Section}:{key}:Password is empty while Username is set; set it in the environment (Tomte__Outreach__{key}__Password).");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
