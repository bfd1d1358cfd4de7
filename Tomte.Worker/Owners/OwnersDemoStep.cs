using System.Text;
using Tomte.Worker.Demo;
using Tomte.Worker.Ingest;
using Tomte.Worker.Owners.Import;

namespace Tomte.Worker.Owners;

/// <summary>
/// The demo's owner step: the parcels under the analysed sites, then the bundled fictional owners
/// (SampleData/grunneiere-eksempel.csv) through <c>tomte owners import</c>, then the owners of the top sites. The
/// console shows the (invented) names; the report shows owner ids only, as any kept text must.
/// </summary>
public sealed class OwnersDemoStep(ParcelOverlay overlay, OwnerImporter importer, OwnerReport report) : IDemoStep
{
    public const string SampleOwnersFile = "grunneiere-eksempel.csv";

    public const int TopSites = 3;

    public string Title => "Finner eiendommene under tomtene og importerer (oppdiktede) grunneiere";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var pilot = SampleDataImport.PilotKommuner.Select(k => k.Kommunenummer).ToArray();
        var parcels = await overlay.RunAsync(pilot, cancellationToken);
        context.Progress.Report(new DemoCount(1, 3));
        var imported = await importer.ImportAsync(Path.Combine(SampleDataImport.SampleDirectory, SampleOwnersFile), cancellationToken);
        context.Progress.Report(new DemoCount(2, 3));
        var top = await report.TopSitesAsync(TopSites, [], cancellationToken);
        context.Progress.Report(new DemoCount(3, 3));

        var summary = $"{parcels.Parcels} eiendommer under {parcels.SitesWithParcels} av {parcels.Sites} tomter ({parcels.Slivers} flis utelatt); " +
            $"{imported.Owners} oppdiktede grunneiere på {imported.Parcels} eiendommer importert fra {SampleOwnersFile}.";
        var section = new StringBuilder();
        section.AppendLine("## Eiendommer og grunneiere");
        section.AppendLine();
        section.AppendLine(summary);
        section.AppendLine();
        section.AppendLine($"De {TopSites} beste tomtene med eiendommer og grunneiere (bare Eier-ID her; navn og adresser står i databasen og i Airtable, aldri i rapporten):");
        section.AppendLine();
        section.AppendLine("```");
        section.AppendLine(OwnerReport.Text(top, withNames: false));
        section.AppendLine("```");
        section.AppendLine();
        section.AppendLine("Matrikkel-oppslaget (SOAP) kjøres av testene mot innspilte svar; demoen har ingen tilgang til Kartverket.");
        section.AppendLine();
        return new DemoStepResult(summary, section.ToString(),
            Details: $"  Grunneierne på de {TopSites} beste tomtene (oppdiktede eksempeldata):\n" + OwnerReport.Text(top, withNames: true));
    }
}
