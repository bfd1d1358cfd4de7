using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Ingest.Ssb;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte ssb</c>.</summary>
public static partial class TomteCommandLine
{
    private static Command SsbCommand()
    {
        var kommuner = new Option<string[]>("--kommune", "-k")
        {
            Description = "Kommunenummer (kan gjentas). Standard: Tomte:Ssb:Kommuner, ellers Tomte:Ingest:Kommuner.",
            AllowMultipleArgumentsPerToken = true,
        };
        var fromDirectory = new Option<string?>("--fra-mappe")
        {
            Description = "Les SSBs svar fra filer i denne mappen i stedet for fra SSB (lagrede svar, uten nett).",
        };
        var command = new Command("ssb",
            "Henter SSB-indikatorer per kommune: folketall og vekst siste fem år, framskrevet folketall 2030 og 2040, " +
            "igangsatte boliger, medianinntekt etter skatt og sentralitet. Uendrede tabeller hentes ikke på nytt.")
        {
            kommuner,
            fromDirectory,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "ssb", async (services, output) =>
        {
            var requested = parse.GetValue(kommuner) ?? [];
            var directory = parse.GetValue(fromDirectory) is { } dir ? Path.GetFullPath(dir) : null;
            await output.WriteLineAsync(directory is null ? "Henter SSB-indikatorer ..." : $"Leser SSB-svar fra {directory} ...");
            var outcome = await services.GetRequiredService<SsbIndicators>().RunAsync(requested, directory, cancellationToken);
            foreach (var line in SsbReport.Table(outcome.Rows))
            {
                await output.WriteLineAsync(line);
            }
            await output.WriteLineAsync(SsbReport.Summary(outcome));
            return 0;
        }, validate: true));
        return command;
    }
}
