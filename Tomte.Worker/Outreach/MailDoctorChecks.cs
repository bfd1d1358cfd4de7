using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using Tomte.Worker.Doctor;

namespace Tomte.Worker.Outreach;

/// <summary>
/// The outgoing mail server in <c>tomte doctor</c>: connect, TLS as configured, log in, and leave without sending
/// anything (QUIT). Says which settings to fix when the server is unreachable, TLS fails or the login is refused.
/// </summary>
[DoctorCheck("E-post ut (SMTP)", 75)]
internal sealed class SmtpDoctorCheck(IOptions<OutreachOptions> options) : IDoctorCheck
{
    private const string Section = $"{OutreachOptions.Section}:Smtp";

    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.IsConfigured)
        {
            return DoctorResult.Warning($"ikke satt opp: utsendelse på e-post er av (brev og telefonoppgaver går som før); sett {Section}:Host for å slå den på",
                $"{Section}:Host");
        }
        using var client = new SmtpClient();
        try
        {
            await MailServerConnection.OpenAsync(client, smtp, Section, cancellationToken);
            var detail = MailServerConnection.Describe(client, smtp) + "; ingen e-post sendt";
            await client.DisconnectAsync(true, cancellationToken);
            return DoctorResult.Ok(detail);
        }
        catch (MailServerException e)
        {
            return DoctorResult.Failed(e.Message, e.SettingKey);
        }
    }
}

/// <summary>
/// The sales inbox in <c>tomte doctor</c>: connect, TLS as configured, log in and open the replies folder read-only,
/// so the reply reader will find it.
/// </summary>
[DoctorCheck("Svar inn (IMAP)", 76)]
internal sealed class ImapDoctorCheck(IOptions<OutreachOptions> options) : IDoctorCheck
{
    private const string Section = $"{OutreachOptions.Section}:Imap";

    public async Task<DoctorResult> RunAsync(CancellationToken cancellationToken)
    {
        var imap = options.Value.Imap;
        if (!imap.IsConfigured)
        {
            return DoctorResult.Warning($"ikke satt opp: svar på e-post leses ikke (sett {Section}:Host for å lese salgsinnboksen)", $"{Section}:Host");
        }
        using var client = new ImapClient();
        try
        {
            await MailServerConnection.OpenAsync(client, imap, Section, cancellationToken);
        }
        catch (MailServerException e)
        {
            return DoctorResult.Failed(e.Message, e.SettingKey);
        }
        var name = options.Value.ImapMappe;
        try
        {
            var folder = await client.GetFolderAsync(name, cancellationToken);
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var detail = $"{MailServerConnection.Describe(client, imap)}; mappen «{name}» åpnet ({folder.Count} meldinger)";
            await client.DisconnectAsync(true, cancellationToken);
            return DoctorResult.Ok(detail);
        }
        catch (Exception e) when (e is FolderNotFoundException or ImapCommandException)
        {
            return DoctorResult.Failed($"mappen «{name}» finnes ikke eller kan ikke åpnes på {imap.Host}:{imap.Port}: sjekk {OutreachOptions.Section}:ImapMappe ({e.Message})",
                $"{OutreachOptions.Section}:ImapMappe");
        }
    }
}
