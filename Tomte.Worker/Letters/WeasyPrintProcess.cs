using System.Buffers.Binary;
using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Tomte.Worker.Letters;

/// <summary>A PDF and its page count.</summary>
public sealed record PdfDocument(byte[] Content, int Pages);

/// <summary>
/// One long-lived Python process running WeasyPrint (<c>weasyprint-worker.py</c>, embedded): HTML in, PDF out, one
/// letter at a time. Starting Python and importing WeasyPrint costs about 2 s; rendering a letter about 0.3 s, so a
/// process per letter would spend most of its time starting.
/// </summary>
internal sealed class WeasyPrintProcess : IDisposable
{
    private static readonly string Script = ReadScript();

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly StringBuilder _stderr = new();

    private WeasyPrintProcess(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                if (e.Data is not null && _stderr.Length < 8000)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public static async Task<WeasyPrintProcess> StartAsync(string python, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{LettersOptions.Section}:PythonPath '{python}' did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{LettersOptions.Section}:PythonPath '{python}' cannot be started ({e.Message}); install Debian's weasyprint package (apt-get install weasyprint)", e);
        }
        var worker = new WeasyPrintProcess(process);
        try
        {
            var ready = new byte[1];
            if (await worker._output.ReadAsync(ready, cancellationToken) != 1 || ready[0] != (byte)'R')
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException($"WeasyPrint did not start under '{python}' (exit code {process.ExitCode}): {worker.Stderr()} " +
                    "Install Debian's weasyprint package (apt-get install weasyprint).");
            }
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <exception cref="PdfRenderException">WeasyPrint refused the HTML (the process stays usable).</exception>
    /// <exception cref="InvalidOperationException">The process died; it must be disposed.</exception>
    public async Task<PdfDocument> RenderAsync(string html, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(html);
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)body.Length);
        try
        {
            await _input.WriteAsync(header, cancellationToken);
            await _input.WriteAsync(body, cancellationToken);
            await _input.FlushAsync(cancellationToken);
            var answer = new byte[9];
            await _output.ReadExactlyAsync(answer, cancellationToken);
            var pages = (int)BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(1, 4));
            var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(5, 4))];
            await _output.ReadExactlyAsync(payload, cancellationToken);
            return answer[0] switch
            {
                (byte)'K' => new PdfDocument(payload, pages),
                (byte)'E' => throw new PdfRenderException(Encoding.UTF8.GetString(payload)),
                _ => throw new InvalidOperationException($"WeasyPrint answered with an unknown tag {answer[0]}"),
            };
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            throw new InvalidOperationException($"the WeasyPrint process ended while rendering: {Stderr()}", e);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _input.Close();
                if (!_process.WaitForExit(2000))
                {
                    _process.Kill();
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // Already gone: nothing to clean up.
        }
        _process.Dispose();
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString().Trim();
        }
    }

    private static string ReadScript()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Tomte.Worker.Letters.weasyprint-worker.py")
            ?? throw new InvalidOperationException("weasyprint-worker.py is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>WeasyPrint could not turn a letter's HTML into a PDF.</summary>
public sealed class PdfRenderException(string message) : Exception(message);
