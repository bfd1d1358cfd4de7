using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Letters;

/// <summary>A printed letter: the owner and step it belongs to, the PDF and its page count.</summary>
public sealed record RenderedLetter(string EierId, string OwnerName, OutreachStep Step, byte[] Pdf, int Pages)
{
    /// <summary>The letter's file name: <c>{eier_id}-{step}.pdf</c>, e.g. <c>G17-grunneierbrev-1.pdf</c> (no personal data).</summary>
    public string FileName => $"{EierId}-{Step.Text()}.pdf";
}

/// <summary>Print-ready A4 PDFs of the post steps: the letter template's HTML through WeasyPrint (fonts embedded, page numbers).</summary>
public sealed class LetterPdfRenderer(LetterContent content, WeasyPrintPool pool, ILogger<LetterPdfRenderer> logger)
{
    /// <exception cref="InvalidOperationException">WeasyPrint failed; the message names the owner and step.</exception>
    public async Task<RenderedLetter> RenderAsync(LetterModel model, CancellationToken cancellationToken)
    {
        var html = content.LetterHtml(model);
        try
        {
            var pdf = await pool.RenderAsync(html, cancellationToken);
            return new RenderedLetter(model.Owner.EierId, model.Owner.Navn, model.Step, pdf.Content, pdf.Pages);
        }
        catch (PdfRenderException e)
        {
            logger.PdfFailed(model.Owner.EierId, model.Step.Text(), e.Message);
            throw new InvalidOperationException($"owner {model.Owner.EierId} {model.Step.Text()}: WeasyPrint could not render the letter: {e.Message}", e);
        }
    }

    /// <summary>Many letters, as many at once as the pool has processes; the result keeps the input's order.</summary>
    public async Task<IReadOnlyList<RenderedLetter>> RenderAllAsync(IReadOnlyList<LetterModel> models, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var letters = await Task.WhenAll(models.Select(m => RenderAsync(m, cancellationToken)));
        logger.PdfsRendered(letters.Length, letters.Sum(l => l.Pages), letters.Sum(l => (long)l.Pdf.Length), clock.ElapsedMilliseconds, pool.Parallelism);
        return letters;
    }
}
