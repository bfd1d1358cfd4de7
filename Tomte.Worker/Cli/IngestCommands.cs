using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte import</c> and <c>tomte ingest</c>.</summary>
public static partial class TomteCommandLine
{
    private static Command ImportCommand()
    {
        var dataset = new Argument<string>("datasett")
        {
            Description = "Datasettet filen lastes inn i: " + string.Join(", ", Datasets.All.Select(d => d.Name)) + ".",
        };
        var file = new Option<string>("--file", "-f")
        {
            Description = "Filen som skal leses: .geojson/.json, .gml/.xml eller .gpkg (f.eks. en nedlastet plankopi per kommune).",
            Required = true,
        };
        var kommune = new Option<string?>("--kommune", "-k")
        {
            Description = "Kommunenummeret (f.eks. 3218) som byttes ut. Objekter fra andre kommuner hoppes over. Uten: alle kommuner i filen.",
        };
        var layer = new Option<string?>("--lag")
        {
            Description = "GeoPackage-tabell eller GML-objekttype som skal leses (standard: datasettets egen objekttype).",
        };
        var crs = new Option<int?>("--epsg")
        {
            Description = "EPSG-koden for geometri som ikke oppgir koordinatsystem (f.eks. 25833).",
        };
        var command = new Command("import", "Laster én nedlastet fil inn i ett datasett: reparerer geometri, transformerer til EPSG:25833 og bytter ut kommunens data i én transaksjon.")
        {
            dataset, file, kommune, layer, crs,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "import", async (services, output) =>
        {
            var importer = services.GetRequiredService<FileImporter>();
            // Refuse a wrong dataset name before touching the file.
            var chosen = Datasets.Find(parse.GetValue(dataset)!);
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var kommunenummer = parse.GetValue(kommune);
            await output.WriteLineAsync($"Importerer {chosen.Name} fra {path}{(kommunenummer is null ? "" : $" for kommune {kommunenummer}")} ...");
            var result = await importer.ImportAsync(chosen, path, kommunenummer, parse.GetValue(layer), parse.GetValue(crs), new ConsoleProgress(output), cancellationToken);
            foreach (var line in IngestSummary.Lines(result))
            {
                await output.WriteLineAsync(line);
            }
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Ferdig: {result.FeaturesRead} objekter lest på {result.Duration.TotalSeconds:F1} s ({result.FeaturesRead / Math.Max(result.Duration.TotalSeconds, 0.001):F0} objekter/s)."));
            if (result.Failed.Count > 0)
            {
                // The other kommuner are loaded and committed; the verb still fails, naming what was refused.
                var first = result.Failed[0];
                throw new IngestFailedException(
                    $"{result.Failed.Count} av {result.Failed.Count + result.Kommuner.Count} kommuner ble avvist (tidligere data for dem er urørt, de andre er lastet inn); først {first.Kommunenummer}: {first.Error.Message}", first.Error);
            }
            return 0;
        }, validate: true));
        return command;
    }

    private static Command IngestCommand()
    {
        var kommuner = new Option<string[]>("--kommune", "-k")
        {
            Description = "Kommunenummer som lastes (kan gjentas). Standard: Tomte:Ingest:Kommuner, ellers pilotkommunene 3207, 3212 og 3218.",
            AllowMultipleArgumentsPerToken = true,
        };
        var datasets = new Option<string[]>("--dataset", "-d")
        {
            Description = "Datasett som lastes (kan gjentas). Standard: alle påslåtte under Tomte:Ingest:Datasets.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("ingest", "Henter plan- og referansedata fra de konfigurerte tjenestene (DiBKs nasjonale plankopi, Kartverket, Miljødirektoratet, NVE, NIBIO, Riksantikvaren og Enturs stoppestedsregister) og laster dem inn per datasett og kommune; uten argumenter alle datasett for de konfigurerte kommunene.")
        {
            kommuner, datasets,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "ingest", async (services, output) =>
        {
            var runner = services.GetRequiredService<IngestRunner>();
            var outcome = await runner.RunAsync(
                parse.GetValue(kommuner) ?? [], parse.GetValue(datasets) ?? [], new ConsoleProgress(output),
                async result =>
                {
                    foreach (var line in IngestSummary.Lines(result))
                    {
                        await output.WriteLineAsync(line);
                    }
                },
                cancellationToken);
            foreach (var failure in outcome.Failures)
            {
                await output.WriteLineAsync($"{failure.Dataset} {failure.Kommunenummer ?? "(alle)"}: FEILET: {failure.Reason}");
            }
            if (outcome.Failures.Count > 0)
            {
                var first = outcome.Failures[0];
                throw new IngestFailedException(
                    $"{outcome.Failures.Count} av {outcome.Failures.Count + outcome.Loads.Count} innlastinger feilet (tidligere data er urørt); først {first.Dataset} {first.Kommunenummer ?? "(alle)"}: {first.Reason}", first.Error);
            }
            await output.WriteLineAsync($"Ferdig: {outcome.Loads.Count} innlastinger.");
            return 0;
        }, validate: true));
        return command;
    }

    /// <summary>Progress on stdout, one line per report: long loads must show they are alive.</summary>
    private sealed class ConsoleProgress(TextWriter output) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {value.Dataset}: {value.FeaturesRead} objekter lest ({value.FeaturesPerSecond:F0} objekter/s, {value.Elapsed.TotalSeconds:F0} s)"));
    }
}

public sealed class IngestFailedException : Exception
{
    public IngestFailedException()
    {
    }

    public IngestFailedException(string message) : base(message)
    {
    }

    public IngestFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
