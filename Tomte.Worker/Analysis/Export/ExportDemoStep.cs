using System.Globalization;

namespace Tomte.Worker.Analysis.Export;

/// <summary>The demo's export step: the analysed sample data as out/demo/tomter.gpkg, ready to open in QGIS.</summary>
public sealed class ExportDemoStep(ExportRunner runner)
{
    public const string FileName = "tomter.gpkg";

    /// <returns>A summary line for the demo report.</returns>
    public async Task<string> RunAsync(string directory, TextWriter progress, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        await progress.WriteLineAsync($"Skriver GeoPackage for QGIS til {path}:");
        var result = await runner.RunAsync(new ExportRequest(ExportFormat.Gpkg, path, []), progress, cancellationToken);
        var sites = result.Layers.First(l => l.Layer.Name == "tomter").Rows;
        return string.Create(CultureInfo.InvariantCulture,
            $"QGIS: {FileName} med {result.Layers.Count} lag ({sites} tomter, {result.Layers.Sum(l => l.Rows)} objekter i alt), EPSG:25833.");
    }
}
