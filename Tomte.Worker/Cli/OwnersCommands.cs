using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Owners;
using Tomte.Worker.Owners.Import;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte owners parcels|import|lookup|list</c>.</summary>
public static partial class TomteCommandLine
{

    private static Command OwnersCommand()
    {
        var command = new Command("owners", "Eiendommene (matrikkelenhetene) under tomtene og grunneierne deres.");
        command.Subcommands.Add(OwnersParcelsCommand());
        command.Subcommands.Add(OwnersImportCommand());
        command.Subcommands.Add(OwnersLookupCommand());
        command.Subcommands.Add(OwnersEnrichCommand());
        command.Subcommands.Add(OwnersListCommand());
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

    private static Command OwnersImportCommand()
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "CSV-fil med kolonnene " + string.Join(", ", OwnerCsvReader.Columns) +
                " (matrikkelnummer, navn og type må være med). Semikolon eller komma, UTF-8 med eller uten BOM (slik Excel lagrer «CSV UTF-8»).",
            Required = true,
        };
        var command = new Command("import",
            "Importerer grunneiere fra en fil (fra en dataleverandør eller teamets egne undersøkelser). Samme eier på flere eiendommer blir én eier " +
            "(organisasjonsnummer, ellers navn og adresse). Alt eller ingenting: én feil per ugyldig rad, med rad og kolonne, og da importeres ingenting.")
        {
            file,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "owners import", async (services, output) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            await output.WriteLineAsync($"Importerer grunneiere fra {path} ...");
            var result = await services.GetRequiredService<OwnerImporter>().ImportAsync(path, cancellationToken);
            await output.WriteLineAsync(ImportLine(result));
            return 0;
        }, validate: true));
        return command;
    }

    private static string ImportLine(OwnerStore.Result result) =>
        $"Ferdig: {result.Rows} rader, {result.Owners} grunneiere ({result.NewOwners} nye) på {result.Parcels} eiendommer" +
        (result.Suppressed > 0 ? $"; {result.Suppressed} rader gjaldt slettede grunneiere (gdpr forget) og ble ikke importert." : ".");

    private static Command OwnersListCommand()
    {
        var top = new Option<int>("--top", "-n")
        {
            Description = "Så mange tomter (høyest score, så størst areal).",
            DefaultValueFactory = _ => 10,
        };
        var tomter = new Option<string[]>("--tomt", "-t")
        {
            Description = "Bare disse tomtene (Tomte-ID, kan gjentas).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("list", "Viser eiendommene og grunneierne under de beste tomtene (eller de oppgitte).")
        {
            top,
            tomter,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "owners list", async (services, output) =>
        {
            var sites = await services.GetRequiredService<OwnerReport>().TopSitesAsync(parse.GetValue(top), parse.GetValue(tomter) ?? [], cancellationToken);
            await output.WriteLineAsync(sites.Count == 0 ? "Ingen tomter med kjente eiendommer; kjør analyze og owners parcels først." : OwnerReport.Text(sites, withNames: true, ownersPerSite: parse.GetValue(tomter) is { Length: > 0 } ? int.MaxValue : 5));
            return 0;
        }, validate: true));
        return command;
    }

    private static Command OwnersLookupCommand()
    {
        var kommuner = KommuneFilter();
        var command = new Command("lookup",
            "Finner eiendommene under tomtene (som owners parcels) og slår opp eierne deres hos den konfigurerte kilden (Tomte:Owners:Provider, " +
            "i dag Kartverkets Matrikkel-API). Lagrer bare det utsendingen trenger: navn, adresse, andel og organisasjonsnummer, aldri fødselsnummer.")
        {
            kommuner,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "owners lookup", async (services, output) =>
        {
            var result = await services.GetRequiredService<OwnerLookup>().RunAsync(parse.GetValue(kommuner) ?? [], cancellationToken);
            await output.WriteLineAsync(ParcelsLine(result.Parcels));
            await output.WriteLineAsync(
                $"Ferdig: {result.Found} av {result.Asked} eiendommer funnet i registeret, {result.Stored.Owners} grunneiere ({result.Stored.NewOwners} nye), " +
                $"{result.Stored.Removed} eierskap som ikke lenger står i registeret fjernet; {result.Requests} kall.");
            return 0;
        }, validate: true));
        return command;
    }

    private static Command OwnersEnrichCommand()
    {
        var command = new Command("enrich",
            "Slår opp grunneiere som er organisasjoner i Enhetsregisteret (Brønnøysundregistrene): registrert navn, adresser, organisasjonsform, " +
            "og om de er konkurs, under avvikling eller slettet – de flagges og skal ikke kontaktes. Svar lagres med hentetidspunkt og brukes igjen i Tomte:Owners:Brreg:CacheDays dager.");
        command.SetAction((parse, cancellationToken) => WithHost(parse, "owners enrich", async (services, output) =>
        {
            var result = await services.GetRequiredService<Owners.Brreg.EnhetEnrichment>().RunAsync(cancellationToken);
            await output.WriteLineAsync(
                $"Ferdig: {result.Organisations} organisasjoner ({result.Fetched} slått opp nå, {result.Cached} fra hurtigbufferen); " +
                $"skal ikke kontaktes: {result.Konkurs} konkurs, {result.UnderAvvikling} under avvikling, {result.Slettet} slettet, {result.Ukjent} ukjent i registeret.");
            return 0;
        }, validate: true));
        return command;
    }
}
