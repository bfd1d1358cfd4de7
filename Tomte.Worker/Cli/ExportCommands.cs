using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Analysis.Export;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte export</c>.</summary>
public static partial class TomteCommandLine
{
    private static Command ExportCommand()
    {
        var format = new Option<string>("--format")
        {
            Description = "gpkg (én GeoPackage-fil i EPSG:25833) eller geojson (én FeatureCollection per lag i en mappe, WGS 84 etter RFC 7946).",
            DefaultValueFactory = _ => "gpkg",
        };
        format.AcceptOnlyFromAmong("gpkg", "geojson");
        var outPath = new Option<string>("--out", "-o")
        {
            Description = "gpkg: filen som skrives (slutter på .gpkg). geojson: mappen lagene skrives til (opprettes om den mangler).",
            Required = true,
        };
        var kommuner = new Option<string[]>("--kommune", "-k")
        {
            Description = "Bare disse kommunene (kan gjentas). Standard: alle.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("export",
            "Skriver tomtene med alle egenskaper, konfliktlagene (verneområder, flomsoner, kvikkleire, dyrka mark, kulturminner), " +
            "hensynssoner, vedtatte reguleringsplaner, pågående planarbeid og kommuneplanens boligformål til en fil QGIS åpner. " +
            "Lagene er de samme som visningene analysis.v_* i databasen.")
        {
            format, outPath, kommuner,
        };
        command.SetAction((parse, cancellationToken) => WithHost("export", async (services, output) =>
        {
            var request = new ExportRequest(
                parse.GetValue(format) == "geojson" ? ExportFormat.GeoJson : ExportFormat.Gpkg,
                parse.GetValue(outPath)!,
                parse.GetValue(kommuner) ?? []);
            await output.WriteLineAsync($"Eksporterer {(request.Format == ExportFormat.Gpkg ? "GeoPackage" : "GeoJSON")}" +
                $"{(request.Kommuner.Count == 0 ? "" : $" for {string.Join(", ", request.Kommuner)}")} ...");
            var result = await services.GetRequiredService<ExportRunner>().RunAsync(request, output, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Ferdig: {result.Layers.Count} lag, {result.Layers.Sum(l => l.Rows)} objekter skrevet til {result.Path} på {result.Duration.TotalSeconds:F1} s."));
            return 0;
        }, validate: true));
        return command;
    }
}
