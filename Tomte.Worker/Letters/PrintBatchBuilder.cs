using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Letters;

/// <summary>A written print batch: its folder, the merged PDF and the list.</summary>
public sealed record PrintBatch(string Folder, string PdfPath, string ListPath, int Letters, int Pages);

/// <summary>
/// The day's post steps as one print job: the letters merged into one PDF (qpdf, Debian) and a list of what is in it
/// (CSV: owner id, name, step, pages, first page), written into <c>{folder}/{batchName}/</c> all at once: both files are
/// made in a hidden folder beside it and moved into place with one rename, so nobody prints half a batch. The outreach
/// sequence keeps one batch per day and rebuilds it when a later pass adds letters (<see cref="RebuildAsync"/>).
/// </summary>
public sealed class PrintBatchBuilder(ILogger<PrintBatchBuilder> logger)
{
    public const string PdfName = "utskrift.pdf";

    public const string ListName = "liste.csv";

    /// <param name="letters">The letters in print order.</param>
    /// <param name="folder">Where the batch folder goes (created if missing).</param>
    /// <param name="batchName">The batch folder's name, e.g. <c>utskrift-2026-12-01</c>; an existing batch is never replaced.</param>
    public async Task<PrintBatch> BuildAsync(IReadOnlyList<RenderedLetter> letters, string folder, string batchName, CancellationToken cancellationToken)
    {
        var target = Target(letters, folder, batchName);
        if (Directory.Exists(target))
        {
            throw new IOException($"print batch {target} exists already; it is never replaced (it may have been printed)");
        }
        var work = await WriteWorkAsync(letters, folder, batchName, cancellationToken);
        Directory.Move(work, target);
        return Written(letters, folder, batchName, target);
    }

    /// <summary>
    /// The day's batch (outreach): <paramref name="letters"/> are all of the day's letters, those of earlier passes
    /// first. A new batch is moved into place as in <see cref="BuildAsync"/>; an existing one has its PDF, then its
    /// list, replaced each by one rename, so a reader sees either file whole, old or new, never half of one.
    /// </summary>
    public async Task<PrintBatch> RebuildAsync(IReadOnlyList<RenderedLetter> letters, string folder, string batchName, CancellationToken cancellationToken)
    {
        var target = Target(letters, folder, batchName);
        var work = await WriteWorkAsync(letters, folder, batchName, cancellationToken);
        if (Directory.Exists(target))
        {
            File.Move(Path.Combine(work, PdfName), Path.Combine(target, PdfName), overwrite: true);
            File.Move(Path.Combine(work, ListName), Path.Combine(target, ListName), overwrite: true);
            Directory.Delete(work, recursive: true);
        }
        else
        {
            Directory.Move(work, target);
        }
        return Written(letters, folder, batchName, target);
    }

    private static string Target(IReadOnlyList<RenderedLetter> letters, string folder, string batchName)
    {
        if (letters.Count == 0)
        {
            throw new ArgumentException("a print batch needs at least one letter", nameof(letters));
        }
        if (batchName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || batchName.StartsWith('.'))
        {
            throw new ArgumentException($"'{batchName}' cannot be a folder name", nameof(batchName));
        }
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, batchName);
    }

    /// <summary>Both files made in a hidden folder beside the batch; removed again if anything fails.</summary>
    private static async Task<string> WriteWorkAsync(IReadOnlyList<RenderedLetter> letters, string folder, string batchName, CancellationToken cancellationToken)
    {
        var work = Path.Combine(folder, $".{batchName}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(work);
        try
        {
            var parts = new List<string>();
            foreach (var letter in letters)
            {
                var part = Path.Combine(work, $"{parts.Count:D5}-{letter.FileName}");
                await File.WriteAllBytesAsync(part, letter.Pdf, cancellationToken);
                parts.Add(part);
            }
            await MergeAsync(parts, Path.Combine(work, PdfName), cancellationToken);
            foreach (var part in parts)
            {
                File.Delete(part);
            }
            await File.WriteAllTextAsync(Path.Combine(work, ListName), List(letters), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
            return work;
        }
        catch
        {
            Directory.Delete(work, recursive: true);
            throw;
        }
    }

    private PrintBatch Written(IReadOnlyList<RenderedLetter> letters, string folder, string batchName, string target)
    {
        var pages = letters.Sum(l => l.Pages);
        logger.PrintBatchWritten(batchName, letters.Count, pages, folder);
        return new PrintBatch(target, Path.Combine(target, PdfName), Path.Combine(target, ListName), letters.Count, pages);
    }

    // Semicolon-separated with a BOM, so Excel with Norwegian settings opens it with æøå intact.
    private static string List(IReadOnlyList<RenderedLetter> letters)
    {
        var text = new StringBuilder("eier_id;navn;steg;sider;forste_side\r\n");
        var page = 1;
        foreach (var letter in letters)
        {
            text.Append(CultureInfo.InvariantCulture, $"{letter.EierId};{Field(letter.OwnerName)};{letter.Step.Text()};{letter.Pages};{page}\r\n");
            page += letter.Pages;
        }
        return text.ToString();
    }

    private static string Field(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static async Task MergeAsync(IReadOnlyList<string> parts, string output, CancellationToken cancellationToken)
    {
        // An argument file keeps a batch of a thousand letters clear of the command-line length limit.
        var arguments = Path.Combine(Path.GetDirectoryName(output)!, "qpdf-args");
        await File.WriteAllLinesAsync(arguments, ["--empty", "--pages", .. parts, "--", output], cancellationToken);
        var start = new ProcessStartInfo("qpdf") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("@" + arguments);
        using var process = StartOrExplain(start);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        File.Delete(arguments);
        // qpdf exits 3 for warnings with a usable result.
        if (process.ExitCode is not (0 or 3))
        {
            throw new InvalidOperationException($"qpdf could not merge the print batch (exit code {process.ExitCode}): {(await stderr).Trim()}");
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("qpdf did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"qpdf cannot be started ({e.Message}); install Debian's qpdf package (apt-get install qpdf)", e);
        }
    }
}
