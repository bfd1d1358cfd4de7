using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Analysis;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte analyze</c>.</summary>
public static partial class TomteCommandLine
{
    private static Command AnalyzeCommand()
    {
        var kommuner = new Option<string[]>("--kommune", "-k")
        {
            Description = "Kommunenummer som analyseres (kan gjentas). Standard: alle kommuner med kommuneplandata.",
            AllowMultipleArgumentsPerToken = true,
        };
        var withoutScore = new Option<bool>("--uten-score")
        {
            Description = "Bare analysen: scoring og kart hoppes over (kjør tomte score etterpå).",
        };
        var command = new Command("analyze",
            "Finner tomtene: kommuneplanens boligformål minus vedtatte reguleringsplaner, delt i tomter med stabil Tomte-ID, " +
            "planstatus, konflikter og endring siden forrige analyse, og scorer og tegner kart for dem. Bare kommuner med nye data analyseres på nytt, " +
            "og bare tomter der noe er endret scores og tegnes på nytt.")
        {
            kommuner,
            withoutScore,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "analyze", async (services, output) =>
        {
            var runner = services.GetRequiredService<AnalysisRunner>();
            var names = await runner.KommuneNamesAsync(cancellationToken);
            var requested = parse.GetValue(kommuner) ?? [];
            await output.WriteLineAsync(requested.Length == 0 ? "Analyserer alle kommuner med kommuneplandata ..." : $"Analyserer {string.Join(", ", requested)} ...");
            var outcome = await runner.RunAsync(requested,
                result => output.WriteLineAsync(AnalysisReport.KommuneLine(result, names.GetValueOrDefault(result.Kommunenummer))),
                failure => output.WriteLineAsync(AnalysisReport.FailureLine(failure)),
                cancellationToken);
            await output.WriteLineAsync(AnalysisReport.Summary(outcome));
            // Scores also move without a new analysis (kommunal vilje read back, SSB, owners, settings); the hashes
            // keep this cheap when nothing did. --uten-score lets a benchmark or a pipeline step time the analysis alone.
            if (!parse.GetValue(withoutScore))
            {
                await ScoreAndDrawAsync(services, output, requested, cancellationToken);
            }
            if (outcome.Failures.Count > 0)
            {
                var first = outcome.Failures[0];
                throw new AnalysisFailedException(
                    $"{outcome.Failures.Count} av {outcome.Failures.Count + outcome.Analysed.Count} kommuner feilet (forrige resultat er beholdt); først {first.Reason}");
            }
            return 0;
        }, validate: true));
        return command;
    }
}

public sealed class AnalysisFailedException : Exception
{
    public AnalysisFailedException()
    {
    }

    public AnalysisFailedException(string message) : base(message)
    {
    }

    public AnalysisFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
