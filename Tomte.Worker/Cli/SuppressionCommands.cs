using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte suppression import --file F [--vaskedato D]</c> and <c>tomte suppression export --out F</c>.</summary>
public static partial class TomteCommandLine
{
    private static Command SuppressionCommand()
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "En vaskefil fra Reservasjonsregisteret (kolonnene " + string.Join(", ", SuppressionCsvReader.WashColumns) +
                "; eier_id og reservert må være med) eller en avmeldingsfil (kolonnene " + string.Join(", ", SuppressionCsvReader.OptOutColumns) +
                "; minst én av eier_id, epost, telefon per rad). Filen med kolonnen reservert er en vaskefil. Semikolon eller komma, UTF-8 med eller uten BOM.",
            Required = true,
        };
        var vaskedato = new Option<string?>("--vaskedato")
        {
            Description = "Datoen vasken ble gjort (ÅÅÅÅ-MM-DD), for rader uten kolonnen vaskedato.",
        };
        var import = new Command("import",
            "Importerer et vaskeresultat fra Reservasjonsregisteret eller en fil med avmeldinger. Reserverte og avmeldte kontaktes aldri; " +
            "brev til personer venter til vasken er fersk. Alt eller ingenting: én feil per ugyldig rad, med rad og kolonne.")
        {
            file,
            vaskedato,
        };
        import.SetAction((parse, cancellationToken) => WithHost(parse, "suppression import", async (services, output) =>
        {
            DateOnly? date = null;
            if (parse.GetValue(vaskedato) is { } raw)
            {
                date = DateOnly.TryParseExact(raw, ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                    ? parsed
                    : throw new SuppressionImportException($"--vaskedato '{raw}' er ikke en dato (ÅÅÅÅ-MM-DD)");
            }
            var path = Path.GetFullPath(parse.GetValue(file)!);
            await output.WriteLineAsync($"Importerer {path} ...");
            var result = await services.GetRequiredService<SuppressionImporter>().ImportAsync(path, date, cancellationToken);
            await output.WriteLineAsync(result.Kind == SuppressionFileKind.Vask
                ? string.Create(CultureInfo.InvariantCulture,
                    $"Ferdig: vask fra {result.Vaskedato:yyyy-MM-dd} med {result.Rows} personer, {result.Reserved} reservert i Reservasjonsregisteret.")
                : $"Ferdig: {result.Rows} avmeldinger, {result.Added} nye sperringer (eier, e-post eller telefon); det som var registrert fra før, står som det sto.");
            return 0;
        }, validate: true));

        var outFile = new Option<string>("--out", "-o")
        {
            Description = "CSV-filen som skal til vaskeleverandøren (eier_id;navn;adresse;postnummer;poststed, UTF-8 med BOM).",
            Required = true,
        };
        var export = new Command("export",
            "Skriver personene som skal vaskes mot Reservasjonsregisteret. Leverandøren legger til kolonnen reservert (og gjerne vaskedato), " +
            "og filen leses inn igjen med «tomte suppression import».")
        {
            outFile,
        };
        export.SetAction((parse, cancellationToken) => WithHost(parse, "suppression export", async (services, output) =>
        {
            var path = Path.GetFullPath(parse.GetValue(outFile)!);
            var persons = await services.GetRequiredService<WashListExporter>().WriteAsync(path, cancellationToken);
            await output.WriteLineAsync($"Skrev {persons} personer til {path}; send filen til vask og les svaret inn med «tomte suppression import --file …».");
            return 0;
        }, validate: true));

        var command = new Command("suppression", "Sperrelisten: vask mot Reservasjonsregisteret og avmeldinger.");
        command.Subcommands.Add(import);
        command.Subcommands.Add(export);
        return command;
    }
}
