using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Doctor;
using Tomte.Worker.Outreach;

namespace Tomte.Tests.Outreach;

/// <summary>
/// SMTP with STARTTLS and with implicit TLS, with AUTH, against aiosmtpd on loopback, and IMAP over TLS against
/// dovecot, each with a certificate the test makes and the client trusts through <c>TrustedCertificateFile</c>; the
/// same servers behind <c>tomte doctor</c>'s e-mail lines, with what it says when the port, TLS or password is wrong.
/// </summary>
[Collection(OutreachServers.Name)]
public sealed class MailTlsTests : IAsyncLifetime
{
    private const string User = "tomte";
    private const string Password = "smtp-passord";

    private readonly PostgisDatabase _database = new();
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        _certificate.Dispose();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("starttls", "StartTls")]
    [InlineData("implicit", "Tls")]
    public async Task Letter_1_goes_over_TLS_with_the_right_login_and_the_doctor_says_so(string serverTls, string security)
    {
        await using var smtp = await SmtpSink.StartAsync(User, Password, tls: serverTls, certificate: _certificate);
        await using var bed = await BedAsync(Smtp(smtp, security, Password));

        var doctor = await bed.Get<SmtpDoctorCheck>().RunAsync(CancellationToken.None);
        Assert.Equal(DoctorStatus.Ok, doctor.Status);
        Assert.Contains($"127.0.0.1:{smtp.Port} svarer, TLS (Tls1", doctor.Detail, StringComparison.Ordinal);
        Assert.Contains("innlogget som «tomte»; ingen e-post sendt", doctor.Detail, StringComparison.Ordinal);
        Assert.Empty(smtp.Files());

        // G2, an organisation approved on Monday 10:00: letter 1 by post and by e-mail.
        await bed.ApproveAsync("G2");
        await bed.Get<OutreachRunner>().RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(["tomte.G2.grunneierbrev-1-epost@fjordbolig.example"], smtp.Messages().Select(m => m.MessageId));
        Assert.Equal(["tls=1 login=tomte"], smtp.Sessions());
    }

    [Fact]
    public async Task A_wrong_password_an_untrusted_certificate_and_a_closed_port_each_get_one_Norwegian_line_naming_the_setting()
    {
        await using var smtp = await SmtpSink.StartAsync(User, Password, tls: "starttls", certificate: _certificate);

        var wrong = Smtp(smtp, "StartTls", "feil-passord");
        await using (var bed = await BedAsync(wrong))
        {
            await bed.ApproveAsync("G2");
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => bed.Get<OutreachRunner>().RunAsync(dryRun: false, CancellationToken.None));
            Assert.Equal($"e-poststegene venter til neste kjøring: 127.0.0.1:{smtp.Port} avviste innloggingen for «tomte»: sjekk Tomte:Outreach:Smtp:Username og " +
                "Tomte:Outreach:Smtp:Password (miljøvariabelen Tomte__Outreach__Smtp__Password)", failure.Message);
            // Nothing was claimed: the e-mail waits for the next pass; the letter went into the print batch.
            var rows = await bed.OutboxAsync();
            Assert.Equal("pending", bed.Single(rows, "G2", "grunneierbrev-1-epost").Status);
            Assert.Equal("sent", bed.Single(rows, "G2", "grunneierbrev-1").Status);

            var doctor = await bed.Get<SmtpDoctorCheck>().RunAsync(CancellationToken.None);
            Assert.Equal(DoctorStatus.Failed, doctor.Status);
            Assert.Equal("Tomte:Outreach:Smtp:Password", doctor.Key);
            Assert.Contains("avviste innloggingen for «tomte»", doctor.Detail, StringComparison.Ordinal);
        }

        // The relay's certificate without TrustedCertificateFile: refused, never accepted silently.
        var untrusted = Smtp(smtp, "StartTls", Password);
        untrusted["Tomte:Outreach:Smtp:TrustedCertificateFile"] = "";
        using (var host = HostWith(untrusted))
        {
            var doctor = await Doctor<SmtpDoctorCheck>(host);
            Assert.Equal(DoctorStatus.Failed, doctor.Status);
            Assert.Equal("Tomte:Outreach:Smtp:TrustedCertificateFile", doctor.Key);
            Assert.StartsWith($"TLS mot 127.0.0.1:{smtp.Port} feilet (StartTls)", doctor.Detail, StringComparison.Ordinal);
        }

        // A trusted certificate for another host name (relay.example, not 127.0.0.1) is still refused.
        using (var other = TestCertificate.Create("relay.example"))
        await using (var relay = await SmtpSink.StartAsync(User, Password, tls: "starttls", certificate: other))
        {
            var otherName = Smtp(relay, "StartTls", Password);
            otherName["Tomte:Outreach:Smtp:TrustedCertificateFile"] = other.CertificateFile;
            using var host = HostWith(otherName);
            var doctor = await Doctor<SmtpDoctorCheck>(host);
            Assert.Equal(DoctorStatus.Failed, doctor.Status);
            Assert.StartsWith($"TLS mot 127.0.0.1:{relay.Port} feilet", doctor.Detail, StringComparison.Ordinal);
        }

        // Implicit TLS against the STARTTLS port: the TLS handshake fails.
        var implicitOnPlain = Smtp(smtp, "Tls", Password);
        using (var host = HostWith(implicitOnPlain))
        {
            var doctor = await Doctor<SmtpDoctorCheck>(host);
            Assert.Equal(DoctorStatus.Failed, doctor.Status);
            Assert.Contains("Tomte:Outreach:Smtp:Security", doctor.Detail, StringComparison.Ordinal);
        }

        var closed = Smtp(smtp, "StartTls", Password);
        var port = FreePort();
        closed["Tomte:Outreach:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var host = HostWith(closed))
        {
            var doctor = await Doctor<SmtpDoctorCheck>(host);
            Assert.Equal(DoctorStatus.Failed, doctor.Status);
            Assert.Equal("Tomte:Outreach:Smtp:Host", doctor.Key);
            Assert.StartsWith($"får ikke kontakt med 127.0.0.1:{port}: sjekk Tomte:Outreach:Smtp:Host og Tomte:Outreach:Smtp:Port", doctor.Detail, StringComparison.Ordinal);
        }
        Assert.Empty(smtp.Files());
    }

    [Fact]
    public async Task Without_mail_servers_the_doctor_says_outreach_e_mail_is_off()
    {
        using var host = HostWith(new Dictionary<string, string?>());
        var smtp = await Doctor<SmtpDoctorCheck>(host);
        Assert.Equal(DoctorStatus.Warning, smtp.Status);
        Assert.StartsWith("ikke satt opp: utsendelse på e-post er av", smtp.Detail, StringComparison.Ordinal);
        Assert.Equal("Tomte:Outreach:Smtp:Host", smtp.Key);
        var imap = await Doctor<ImapDoctorCheck>(host);
        Assert.Equal(DoctorStatus.Warning, imap.Status);
        Assert.StartsWith("ikke satt opp: svar på e-post leses ikke", imap.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inbox_is_read_over_IMAP_with_TLS_and_the_doctor_opens_it()
    {
        await using var dovecot = await DovecotServer.StartAsync(_certificate);
        var settings = dovecot.Settings();
        settings["Tomte:Outreach:Imap:Port"] = dovecot.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Tomte:Outreach:Imap:Security"] = "Tls";
        settings["Tomte:Outreach:Imap:TrustedCertificateFile"] = _certificate.CertificateFile;
        await using (var bed = await BedAsync(settings))
        {
            var doctor = await bed.Get<ImapDoctorCheck>().RunAsync(CancellationToken.None);
            Assert.Equal(DoctorStatus.Ok, doctor.Status);
            Assert.Contains("TLS (Tls1", doctor.Detail, StringComparison.Ordinal);
            Assert.Contains("mappen «INBOX» åpnet (0 meldinger)", doctor.Detail, StringComparison.Ordinal);
            var read = await bed.Get<ReplyReader>().RunAsync(CancellationToken.None);
            Assert.Equal(0, read.Messages);
        }

        settings["Tomte:Outreach:ImapMappe"] = "Salg";
        using (var host = HostWith(settings))
        {
            var doctor = await Doctor<ImapDoctorCheck>(host);
            Assert.Equal(DoctorStatus.Failed, doctor.Status);
            Assert.Equal("Tomte:Outreach:ImapMappe", doctor.Key);
        }

        settings["Tomte:Outreach:ImapMappe"] = "INBOX";
        settings["Tomte:Outreach:Imap:Password"] = "feil";
        using (var host = HostWith(settings))
        {
            var doctor = await Doctor<ImapDoctorCheck>(host);
            Assert.Equal(DoctorStatus.Failed, doctor.Status);
            Assert.Equal($"127.0.0.1:{dovecot.TlsPort} avviste innloggingen for «{DovecotServer.User}»: sjekk Tomte:Outreach:Imap:Username og " +
                "Tomte:Outreach:Imap:Password (miljøvariabelen Tomte__Outreach__Imap__Password)", doctor.Detail);
        }
    }

    private Dictionary<string, string?> Smtp(SmtpSink smtp, string security, string password)
    {
        var settings = new Dictionary<string, string?>(smtp.Settings(User, password))
        {
            ["Tomte:Outreach:Smtp:Security"] = security,
            ["Tomte:Outreach:Smtp:TrustedCertificateFile"] = _certificate.CertificateFile,
            ["Tomte:Outreach:Smtp:TimeoutSekunder"] = "10",
        };
        return settings;
    }

    private async Task<OutreachTestBed> BedAsync(IDictionary<string, string?> settings)
    {
        settings["Tomte:Output:Directory"] = Path.Combine(Path.GetTempPath(), "tomte-tests", _database.Name);
        return await OutreachTestBed.StartAsync(_database, settings);
    }

    /// <summary>A host with these settings on the test database, for the doctor's lines (no owners needed).</summary>
    private IHost HostWith(IDictionary<string, string?> settings)
    {
        var values = OutreachTestBed.LetterSettings();
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        return TestHost.Build(_database, values);
    }

    private static Task<DoctorResult> Doctor<T>(IHost host) where T : IDoctorCheck =>
        host.Services.GetRequiredService<T>().RunAsync(CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
