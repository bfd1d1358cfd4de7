using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tomte.Tests.Outreach;

/// <summary>
/// A self-signed server certificate for 127.0.0.1 and localhost, made by the test (.NET CertificateRequest) and written
/// as PEM to a temp folder: what an internal relay's operator would hand over for <c>TrustedCertificateFile</c>.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private readonly string _folder;

    private TestCertificate(string folder)
    {
        _folder = folder;
    }

    public string CertificateFile => Path.Combine(_folder, "server.crt");

    public string KeyFile => Path.Combine(_folder, "server.key");

    /// <param name="dnsName">The one name the certificate is for; null: 127.0.0.1 and localhost.</param>
    public static TestCertificate Create(string? dnsName = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tomte-cert-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName ?? "tomte-test-relay"}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (dnsName is null)
        {
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
        }
        else
        {
            names.AddDnsName(dnsName);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // Real time, not the test's fake clock: the TLS libraries check validity against the system clock.
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "server.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), key.ExportPkcs8PrivateKeyPem());
        return new TestCertificate(folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
