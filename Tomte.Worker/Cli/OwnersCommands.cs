using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Owners;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte owners parcels|import|lookup|list</c>.</summary>
public static partial class TomteCommandLine
{
    private static readonly CultureInfo Norsk = CultureInfo.GetCultureInfo("nb-NO");

    private static Command OwnersCommand()
    {
        var command = new Command("owners", "Eiendommene (matrikkelenhetene) under tomtene og grunneierne deres.");
        command.Subcommands.Add(OwnersParcelsCommand());
        return command;
    }

    private static Option<string[]> KommuneFilter() => new("--kommune", "-k")
    {
        Description = "Bare tomter i disse kommunene (kan gjentas). Standard: alle.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command OwnersParcelsCommand()
    {
        var kommuner = KommuneFilter();
        var command = new Command("parcels",
            "Legger tomtene over matrikkelens teiger og finner eiendommene (matrikkelenhetene) under hver tomt med areal og andel av tomta. " +
            "Flis (under 1 % av tomta og under 50 m²) tas ikke med. Kjør etter analyze; owners lookup gjør dette selv først.")
        {
            kommuner,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "owners parcels", async (services, output) =>
        {
            var result = await services.GetRequiredService<ParcelOverlay>().RunAsync(parse.GetValue(kommuner) ?? [], cancellationToken);
            await output.WriteLineAsync(ParcelsLine(result));
            return 0;
        }, validate: true));
        return command;
    }

    private static string ParcelsLine(ParcelOverlay.Result result) => string.Create(Norsk,
        $"Eiendommer: {result.Parcels} matrikkelenheter under {result.SitesWithParcels} av {result.Sites} tomter ({result.Links} koblinger tomt–eiendom, {result.Slivers} flis utelatt).");
}
