using MimeKit;
using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>The letters step's content (Letters/) as the sequence asks for it: the model per (owner, step), then the e-mail, PDF or script.</summary>
public sealed class LettersOutreachContent(LetterModelStore models, LetterEmailComposer composer, LetterContent content, LetterPdfRenderer pdf, PrintBatchBuilder batches)
    : IOutreachContent
{
    public async Task<MimeMessage> ComposeEmailAsync(string eierId, OutreachStep step, CancellationToken cancellationToken)
    {
        var model = await models.LoadAsync(eierId, step.ContentStep(), cancellationToken);
        if (step != OutreachStep.Grunneierbrev1Epost)
        {
            return composer.Compose(model);
        }
        // Letter 1 rendered from the same model as the printed one, so the attachment is the letter the post brings.
        var letter = await pdf.RenderAsync(model, cancellationToken);
        return composer.Compose(model, new LetterAttachment(letter.FileName, letter.Pdf), step);
    }

    public async Task<string> PhoneScriptAsync(string eierId, CancellationToken cancellationToken) =>
        content.PhoneScript(await models.LoadAsync(eierId, OutreachStep.Telefon, cancellationToken));

    public async Task<RenderedLetter> RenderLetterAsync(string eierId, OutreachStep step, CancellationToken cancellationToken) =>
        await pdf.RenderAsync(await models.LoadAsync(eierId, step, cancellationToken), cancellationToken);

    public Task<PrintBatch> WritePrintBatchAsync(IReadOnlyList<RenderedLetter> letters, string folder, string batchName, CancellationToken cancellationToken) =>
        batches.RebuildAsync(letters, folder, batchName, cancellationToken);
}
