using System.Globalization;
using Tomte.Worker.Demo;

namespace Tomte.Worker.Analysis.Export;

/// <summary>The demo's export step: the analysed sample data as out/demo/tomter.gpkg, ready to open in QGIS.</summary>
public sealed class ExportDemoStep(ExportRunner runner) : IDemoStep
{
    public const string FileName = "tomter.gpkg";

    public string Title => "Skriver GeoPackage for QGIS";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var path = Path.Combine(context.OutputDirectory, FileName);
        var result = await runner.RunAsync(new ExportRequest(ExportFormat.Gpkg, path, []), progress: null, cancellationToken);
        var sites = result.Layers.First(l => l.Layer.Name == "tomter").Rows;
        var summary = string.Create(CultureInfo.GetCultureInfo("nb-NO"),
            $"QGIS: {FileName} med {result.Layers.Count} lag ({sites} tomter, {result.Layers.Sum(l => l.Rows)} objekter i alt), EPSG:25833.");
        return new DemoStepResult(summary,
            Artifacts: [new DemoArtifact(FileName, $"GeoPackage for QGIS: tomtene med alle attributter, restriksjoner og vedtatte planer ({result.Layers.Count} lag)")]);
    }
}
