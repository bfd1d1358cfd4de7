using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Maps;
using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte score</c>: score and draw maps, or explain one site's score.</summary>
public static partial class TomteCommandLine
{

    private static Command ScoreCommand()
    {
        var explain = new Option<string>("--explain", "-e")
        {
            Description = "Skriv ut hvordan scoren til én tomt er regnet ut (Tomte-ID, f.eks. 3218-0042).",
        };
        var kommuner = new Option<string[]>("--kommune", "-k")
        {
            Description = "Kommunenummer som scores (kan gjentas). Standard: alle.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("score",
            "Scorer tomtene (sju deler med vekter fra Tomte:Scoring, faste skalaer) og tegner et kart per tomt. " +
            "Bare tomter der noe er endret scores og tegnes på nytt; tomte analyze gjør dette selv etter analysen.")
        {
            explain,
            kommuner,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "score", async (services, output) =>
        {
            if (parse.GetValue(explain) is { } tomteId)
            {
                var site = await services.GetRequiredService<ScoreBreakdown>().LoadAsync(tomteId.Trim(), cancellationToken)
                    ?? throw new AnalysisInputException($"ingen tomt har Tomte-ID '{tomteId}'");
                await output.WriteAsync(ScoreBreakdown.Format(site));
                return 0;
            }
            await ScoreAndDrawAsync(services, output, parse.GetValue(kommuner) ?? [], cancellationToken);
            return 0;
        }, validate: true));
        return command;
    }

    /// <summary>Scoring and maps after an analysis or on their own; one Norwegian line each.</summary>
    private static async Task ScoreAndDrawAsync(IServiceProvider services, TextWriter output, IReadOnlyList<string> kommuner, CancellationToken cancellationToken)
    {
        var scored = await services.GetRequiredService<ScoreRunner>().RunAsync(kommuner, cancellationToken);
        await output.WriteLineAsync(string.Create(Norsk,
            $"Score: {scored.Scored} tomter scoret, {scored.Unchanged} uendret ({scored.Duration.TotalSeconds:0.0} s)."));
        var maps = await services.GetRequiredService<MapRunner>().RunAsync(kommuner, null, cancellationToken);
        await output.WriteLineAsync(string.Create(Norsk,
            $"Kart: {maps.Rendered} tegnet, {maps.Unchanged} uendret ({maps.Duration.TotalSeconds:0.0} s)."));
    }
}
