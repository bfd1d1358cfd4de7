using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Tomte.Tests.Outreach;

/// <summary>
/// A real IMAP server on loopback: Debian's dovecot-imapd started with its own configuration in a temporary folder
/// (no system service, no system config). Under root its login and internal processes run as the package's
/// unprivileged dovenull/dovecot users, as dovecot insists; otherwise everything runs as the current user. With a
/// <see cref="TestCertificate"/> it also listens for IMAP over TLS (imaps, TLS from the first byte) on <see cref="TlsPort"/>.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/dovecot";
    public const string User = "salg@tomte.test";
    public const string Password = "hemmelig-testpassord";

    private readonly string _root;

    private DovecotServer(string root, int port, int tlsPort)
    {
        _root = root;
        Port = port;
        TlsPort = tlsPort;
    }

    public int Port { get; }

    /// <summary>The imaps port when started with a certificate; 0 otherwise.</summary>
    public int TlsPort { get; }

    public static async Task<DovecotServer> StartAsync(TestCertificate? certificate = null)
    {
        // Short path: dovecot's unix sockets live under base_dir and must fit in 108 bytes.
        var root = Path.Combine("/tmp", "tdv" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var port = FreePort();
        var tlsPort = certificate is null ? 0 : FreePort();
        var ssl = certificate is null ? "ssl = no" : $"ssl = yes\nssl_cert = <{certificate.CertificateFile}\nssl_key = <{certificate.KeyFile}";
        var isRoot = Environment.UserName == "root";
        var who = Environment.UserName;
        var mailUser = isRoot ? "dovecot" : who;
        var config = $"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {root}/run
            state_dir = {root}/state
            log_path = {root}/dovecot.log
            {ssl}
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{root}/mail/%n
            passdb {"{"}
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {root}/users
            {"}"}
            userdb {"{"}
              driver = static
              args = uid={mailUser} gid={mailUser} home={root}/home/%n
            {"}"}
            service imap-login {"{"}
              chroot =
              inet_listener imap {"{"}
                address = 127.0.0.1
                port = {port.ToString(CultureInfo.InvariantCulture)}
              {"}"}
              inet_listener imaps {"{"}
                address = 127.0.0.1
                port = {tlsPort.ToString(CultureInfo.InvariantCulture)}
                ssl = yes
              {"}"}
            {"}"}
            service anvil {"{"}
              chroot =
            {"}"}
            default_login_user = {(isRoot ? "dovenull" : who)}
            default_internal_user = {(isRoot ? "dovecot" : who)}
            first_valid_uid = 0
            """;
        await File.WriteAllTextAsync(Path.Combine(root, "dovecot.conf"), config);
        await File.WriteAllTextAsync(Path.Combine(root, "users"), $"{User}:{{PLAIN}}{Password}\n");
        Directory.CreateDirectory(Path.Combine(root, "mail"));
        Directory.CreateDirectory(Path.Combine(root, "home"));
        if (isRoot)
        {
            await RunAsync("/bin/chown", redirect: true, "-R", "dovecot:dovecot", Path.Combine(root, "mail"), Path.Combine(root, "home"));
        }
        // The master daemonises; its output is left unredirected, as a pipe it inherits would never close.
        await RunAsync(Binary, redirect: false, "-c", Path.Combine(root, "dovecot.conf"));
        var server = new DovecotServer(root, port, tlsPort);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = await server.ConnectAsync();
                return server;
            }
            catch (Exception ex) when (ex is SocketException or IOException or ImapProtocolException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync(IPAddress.Loopback.ToString(), Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    /// <summary>Puts a message into INBOX, as if it had arrived.</summary>
    public async Task DeliverAsync(MimeMessage message)
    {
        using var client = await ConnectAsync();
        await client.Inbox.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    public IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Tomte:Outreach:Imap:Host"] = "127.0.0.1",
        ["Tomte:Outreach:Imap:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["Tomte:Outreach:Imap:Security"] = "None",
        ["Tomte:Outreach:Imap:Username"] = User,
        ["Tomte:Outreach:Imap:Password"] = Password,
    };

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(_root, "run", "master.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
        {
            try
            {
                using var master = Process.GetProcessById(pid);
                master.Kill(entireProcessTree: true);
                await master.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
        Directory.Delete(_root, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, bool redirect, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = redirect, RedirectStandardOutput = redirect, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = redirect ? await process.StandardError.ReadToEndAsync() : "see dovecot.log";
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }
}
