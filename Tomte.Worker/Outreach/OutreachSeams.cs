using MimeKit;

using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>
/// What the sequence needs from the letters step (Letters/: templates, PDFs, composed e-mail). The sequence decides
/// when and whether; this makes the content.
/// </summary>
public interface IOutreachContent
{
    /// <summary>The complete e-mail for one owner and step, with its deterministic Message-Id, Reply-To and List-Unsubscribe headers.</summary>
    Task<MimeMessage> ComposeEmailAsync(string eierId, OutreachStep step, CancellationToken cancellationToken);

    /// <summary>The print-ready letter (A4 PDF) for one owner and a post step.</summary>
    Task<RenderedLetter> RenderLetterAsync(string eierId, OutreachStep step, CancellationToken cancellationToken);

    /// <summary>The phone script (telefonmanus) for the day-14 task, as text.</summary>
    Task<string> PhoneScriptAsync(string eierId, CancellationToken cancellationToken);

    /// <summary>
    /// One merged PDF of the letters plus its list, in <paramref name="folder"/>/<paramref name="batchName"/>: the day's
    /// batch, written anew (temp file, then rename) when a later pass of the same day adds letters.
    /// </summary>
    Task<PrintBatch> WritePrintBatchAsync(IReadOnlyList<RenderedLetter> letters, string folder, string batchName, CancellationToken cancellationToken);
}
