using System.Diagnostics;
using MimeKit;

namespace Tomte.Tests.Outreach;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd running smtp_sink.py, which writes every accepted
/// message to a folder. "avvist…" recipients get 550, "midlertidig…" get 451 until <see cref="OpenTransient"/>.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly Process _process;

    private SmtpSink(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <param name="tls">"starttls" or "implicit" with <paramref name="certificate"/>; null: no TLS.</param>
    public static async Task<SmtpSink> StartAsync(string? user = null, string? password = null, int delayMs = 0, string? tls = null, TestCertificate? certificate = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tomte-smtp-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Outreach", "smtp_sink.py"));
        start.ArgumentList.Add("--dir");
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add("--delay-ms");
        start.ArgumentList.Add(delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (tls is not null)
        {
            start.ArgumentList.Add("--tls");
            start.ArgumentList.Add(tls);
            start.ArgumentList.Add("--cert");
            start.ArgumentList.Add(certificate!.CertificateFile);
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(certificate.KeyFile);
        }
        if (user is not null)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(user);
            start.ArgumentList.Add("--password");
            start.ArgumentList.Add(password ?? "");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the SMTP sink");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20))
            ?? throw new InvalidOperationException("smtp_sink.py ended before it listened (is python3-aiosmtpd installed? deploy/test.sh installs it)");
        return new SmtpSink(process, directory, int.Parse(ready.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>From now on "midlertidig…" recipients are accepted.</summary>
    public void OpenTransient() => File.WriteAllText(Path.Combine(Directory, "open"), "");

    public IReadOnlyList<string> Files() =>
        System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal).ToArray();

    public IReadOnlyList<MimeMessage> Messages() => Files().Select(f => MimeMessage.Load(f)).ToArray();

    /// <summary>What the server saw for each message: <c>tls=1 login=tomte</c>.</summary>
    public IReadOnlyList<string> Sessions() => Files().Select(f => File.ReadAllText(f + ".meta")).ToArray();

    public IDictionary<string, string?> Settings(string? user = null, string? password = null) => new Dictionary<string, string?>
    {
        ["Tomte:Outreach:Smtp:Host"] = "127.0.0.1",
        ["Tomte:Outreach:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tomte:Outreach:Smtp:Security"] = "None",
        ["Tomte:Outreach:Smtp:Username"] = user,
        ["Tomte:Outreach:Smtp:Password"] = password,
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
