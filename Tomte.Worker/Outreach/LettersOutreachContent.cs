using MimeKit;
using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>The letters step's content (Letters/) as the sequence asks for it: the model per (owner, step), then the e-mail, PDF or script.</summary>
public sealed class LettersOutreachContent(LetterModelStore models, LetterEmailComposer composer, LetterContent content, LetterPdfRenderer pdf, PrintBatchBuilder batches)
    : IOutreachContent
{
    public async Task<MimeMessage> ComposeEmailAsync(string eierId, OutreachStep step, CancellationToken cancellationToken) =>
        composer.Compose(await models.LoadAsync(eierId, step, cancellationToken));

    public async Task<string> PhoneScriptAsync(string eierId, CancellationToken cancellationToken) =>
        content.PhoneScript(await models.LoadAsync(eierId, OutreachStep.Telefon, cancellationToken));

    public async Task<RenderedLetter> RenderLetterAsync(string eierId, OutreachStep step, CancellationToken cancellationToken) =>
        await pdf.RenderAsync(await models.LoadAsync(eierId, step, cancellationToken), cancellationToken);

    public Task<PrintBatch> WritePrintBatchAsync(IReadOnlyList<RenderedLetter> letters, string folder, string batchName, CancellationToken cancellationToken) =>
        batches.BuildAsync(letters, folder, batchName, cancellationToken);
}
