using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte gdpr export|forget --owner ID</c>.</summary>
public static partial class TomteCommandLine
{
    private static Option<string> OwnerOption() => new("--owner")
    {
        Description = "Eier-ID-en til grunneieren (G000123), slik den står i Airtable.",
        Required = true,
    };

    private static Command GdprCommand()
    {
        var owner = OwnerOption();
        var outFile = new Option<string?>("--out", "-o") { Description = "Skriv JSON-en til denne filen i stedet for til skjermen." };
        var export = new Command("export", "Alt Tomte har om én grunneier (innsyn etter personvernforordningen art. 15), som JSON.")
        {
            owner,
            outFile,
        };
        export.SetAction((parse, cancellationToken) => WithHost(parse, "gdpr export", async (services, output) =>
        {
            var json = await services.GetRequiredService<GdprService>().ExportAsync(parse.GetValue(owner)!, cancellationToken);
            if (parse.GetValue(outFile) is { } path)
            {
                await File.WriteAllTextAsync(path, json + "\n", cancellationToken);
                await output.WriteLineAsync($"Skrev {Path.GetFullPath(path)}");
            }
            else
            {
                await output.WriteLineAsync(json);
            }
            return 0;
        }, validate: true));

        var forgetOwner = OwnerOption();
        var forget = new Command("forget",
            "Sletter en grunneier (personvernforordningen art. 17): posten i Airtable og alt i databasen, historikk medregnet. " +
            "Bare en saltet hash beholdes, så samme eier aldri importeres eller kontaktes igjen.")
        {
            forgetOwner,
        };
        forget.SetAction((parse, cancellationToken) => WithHost(parse, "gdpr forget", async (services, output) =>
        {
            var result = await services.GetRequiredService<GdprService>().ForgetAsync(parse.GetValue(forgetOwner)!, cancellationToken);
            await output.WriteLineAsync(
                $"Slettet grunneier {result.EierId}: {result.Ownerships} eierskap, {(result.AirtableRecordDeleted ? "posten i Airtable" : "ingen post i Airtable")}; " +
                "en saltet hash hindrer at eieren importeres eller kontaktes igjen.");
            return 0;
        }, validate: true));

        var command = new Command("gdpr", "Innsyn og sletting for grunneiere.");
        command.Subcommands.Add(export);
        command.Subcommands.Add(forget);
        return command;
    }
}
