using Microsoft.Extensions.Options;

namespace Tomte.Worker.Letters;

/// <summary>
/// Everything the sequence would send one owner, written as files a person can open: the two letters as PDF, the
/// e-mails as .eml (what the SMTP server would receive) and the phone script as text. Nothing is sent or recorded.
/// </summary>
public sealed class LetterPreview(LetterModelStore store, LetterContent content, LetterPdfRenderer pdf, LetterEmailComposer composer, IOptions<LettersOptions> options)
{
    /// <summary>One file written, with the step it belongs to.</summary>
    public sealed record WrittenFile(OutreachStep Step, string Path, string What, RenderedLetter? Letter = null);

    /// <summary>What was written, and the steps left out with the reason (an owner without e-mail gets no .eml).</summary>
    public sealed record Result(string EierId, IReadOnlyList<WrittenFile> Files, IReadOnlyList<string> Skipped);

    /// <param name="sender">The sender to write as; null: the configured one (Tomte:Letters).</param>
    public async Task<Result> WriteAsync(string eierId, string folder, LettersOptions? sender, CancellationToken cancellationToken)
    {
        sender ??= options.Value;
        Directory.CreateDirectory(folder);
        var files = new List<WrittenFile>();
        var skipped = new List<string>();
        foreach (var step in OutreachSteps.All)
        {
            var model = await store.LoadAsync(eierId, step, sender, cancellationToken);
            var stem = System.IO.Path.Combine(folder, $"{eierId}-{step.Text()}");
            if (step.HasLetter())
            {
                var letter = await pdf.RenderAsync(model, cancellationToken);
                await WriteAtomicallyAsync(stem + ".pdf", stream => stream.WriteAsync(letter.Pdf, cancellationToken).AsTask());
                files.Add(new WrittenFile(step, stem + ".pdf", $"brev, {letter.Pages} sider", letter));
            }
            if (step.HasEmail())
            {
                if (model.Owner.Epost is null)
                {
                    skipped.Add($"{step.DisplayName()} som e-post: grunneieren har ingen e-postadresse");
                }
                else
                {
                    // Letter 1's e-mail is sent as its own outbox step with the letter attached; the preview shows it as sent.
                    var message = step == OutreachStep.Grunneierbrev1 && files.LastOrDefault()?.Letter is { } printed
                        ? composer.Compose(model, new LetterAttachment(printed.FileName, printed.Pdf), OutreachStep.Grunneierbrev1Epost)
                        : composer.Compose(model);
                    await WriteAtomicallyAsync(stem + ".eml", stream => message.WriteToAsync(stream, cancellationToken));
                    files.Add(new WrittenFile(step, stem + ".eml", $"e-post «{message.Subject}»"));
                }
            }
            if (step == OutreachStep.Telefon)
            {
                var script = content.PhoneScript(model);
                await WriteAtomicallyAsync(stem + ".txt", async stream =>
                {
                    await using var writer = new StreamWriter(stream, leaveOpen: true);
                    await writer.WriteAsync(script);
                });
                files.Add(new WrittenFile(step, stem + ".txt", "telefonmanus"));
            }
        }
        return new Result(eierId, files, skipped);
    }

    // A file is written under a temporary name and renamed, so a reader never opens half a PDF.
    private static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write)
    {
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await write(stream);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
