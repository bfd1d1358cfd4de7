using System.Text;
using Microsoft.Extensions.Options;
using Tomte.Worker.Demo;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Letters;

/// <summary>
/// The demo's letter step: for the (fictional) owners of the top sites, everything the outreach sequence would send —
/// both letters as print-ready PDFs, the e-mails as .eml, the phone script — and the day's print batch of letter 1.
/// Without a configured sender the letters come from a fictional company, and say so on the console.
/// </summary>
public sealed class LettersDemoStep(OwnerReport report, LetterModelStore store, LetterPreview preview, PrintBatchBuilder batches,
    IOptions<LettersOptions> options, TimeProvider time) : IDemoStep
{
    public const string Folder = "brev";

    // Two owners show every kind of file (one with e-mail, usually one without) and keep the demo quick.
    public const int MaxOwners = 2;

    public string Title => "Lager grunneierbrev (PDF), e-poster (.eml) og telefonmanus for eierne av de beste tomtene";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var configured = options.Value.IsConfigured;
        var sender = configured ? options.Value : LettersOptions.DemoSender(options.Value);
        var folder = Path.Combine(context.OutputDirectory, Folder);
        if (Directory.Exists(folder))
        {
            // The demo's own output from an earlier run: a print batch is never replaced, so start afresh.
            Directory.Delete(folder, recursive: true);
        }
        var top = await report.TopSitesAsync(OwnersDemoStep.TopSites, [], cancellationToken);
        var owners = (await store.OwnersOfSitesAsync(top.Select(s => s.TomteId).ToList(), cancellationToken)).Take(MaxOwners).ToList();
        var written = new List<LetterPreview.Result>();
        foreach (var eierId in owners)
        {
            written.Add(await preview.WriteAsync(eierId, folder, sender, cancellationToken));
            context.Progress.Report(new DemoCount(written.Count, owners.Count));
        }
        var letters = written.SelectMany(r => r.Files).Select(f => f.Letter).OfType<RenderedLetter>().Where(l => l.Step == OutreachStep.Grunneierbrev1).ToList();
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);
        var batch = letters.Count == 0 ? null : await batches.BuildAsync(letters, folder, $"utskrift-{today:yyyy-MM-dd}", cancellationToken);

        var files = written.Sum(r => r.Files.Count);
        var summary = $"{files} filer for {written.Count} grunneiere på de {OwnersDemoStep.TopSites} beste tomtene i {Folder}/" +
            (batch is null ? "" : $"; dagens utskrift: {batch.Letters} brev, {batch.Pages} sider") +
            (configured ? "." : " (avsender: det oppdiktede firmaet «" + sender.CompanyName + "», Tomte:Letters er ikke satt).");
        var details = new StringBuilder();
        foreach (var result in written)
        {
            details.AppendLine($"  {result.EierId}:");
            foreach (var file in result.Files)
            {
                details.AppendLine($"    {Folder}/{Path.GetFileName(file.Path)}  ({file.Step.DisplayName()}: {file.What})");
            }
            foreach (var skipped in result.Skipped)
            {
                details.AppendLine($"    hoppet over: {skipped}");
            }
        }
        if (batch is not null)
        {
            details.AppendLine($"  Utskrift: {Folder}/{Path.GetFileName(batch.Folder)}/{PrintBatchBuilder.PdfName} og {PrintBatchBuilder.ListName}");
        }
        var section = new StringBuilder();
        section.AppendLine("## Grunneierbrev, e-post og telefonmanus");
        section.AppendLine();
        section.AppendLine(summary);
        section.AppendLine();
        section.AppendLine($"Filene heter `<Eier-ID>-<steg>` (ingen navn i filnavnene): `.pdf` er brevene til konvoluttvindu (A4, adressen i vinduet, " +
            "sidetall, kart, innebygde skrifter), `.eml` er e-postene slik SMTP-tjeneren ville fått dem (åpnes i et e-postprogram), `.txt` er telefonmanuset. " +
            $"`{Folder}/utskrift-*/` er dagens utskriftsjobb: én samlet PDF og en liste over brevene i den.");
        section.AppendLine();
        var artifacts = new List<DemoArtifact> { new(Folder + "/", "grunneierbrev (PDF), e-poster (.eml), telefonmanus og dagens utskrift for eierne av de beste tomtene") };
        return new DemoStepResult(summary, section.ToString(), artifacts, details.ToString().TrimEnd());
    }
}
