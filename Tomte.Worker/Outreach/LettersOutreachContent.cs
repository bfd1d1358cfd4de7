using MimeKit;
using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>The letters step's content (Letters/) as the sequence asks for it: the model per (owner, step), then the e-mail, PDF or script.</summary>
public sealed class LettersOutreachContent(LetterModelStore models, LetterEmailComposer composer, LetterContent content) : IOutreachContent
{
    public async Task<MimeMessage> ComposeEmailAsync(string eierId, OutreachStep step, CancellationToken cancellationToken) =>
        composer.Compose(await models.LoadAsync(eierId, step, cancellationToken));

    public async Task<string> PhoneScriptAsync(string eierId, CancellationToken cancellationToken) =>
        content.PhoneScript(await models.LoadAsync(eierId, OutreachStep.Telefon, cancellationToken));

    public Task<byte[]> RenderLetterAsync(string eierId, OutreachStep step, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The letter PDF renderer (letters12) is not merged yet.");

    public Task<IReadOnlyList<string>> WritePrintBatchAsync(DateOnly day, IReadOnlyList<(string EierId, OutreachStep Step, byte[] Pdf)> letters, string directory, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The print batch builder (letters12) is not merged yet.");
}
