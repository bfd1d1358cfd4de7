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

        var dryRun = new Option<bool>("--dry-run") { Description = "Bare vis hvem som ville blitt slettet; ingenting slettes." };
        var retention = new Command("retention",
            "Sletter grunneiere som bare eier grunn under tomter som er borte eller regulert, når den siste gikk for mer enn " +
            "Tomte:Owners:Privacy:RetentionDays dager siden, og som teamet ikke er i dialog med (Status svar, dialog, møte eller LOI). " +
            "Slettes i databasen og i Airtable, uten hash: de kan slås opp igjen om en tomt kommer tilbake. Kjøres også daglig av tjenesten.")
        {
            dryRun,
        };
        retention.SetAction((parse, cancellationToken) => WithHost(parse, "gdpr retention", async (services, output) =>
        {
            var result = await services.GetRequiredService<OwnerRetention>().RunAsync(parse.GetValue(dryRun), cancellationToken);
            foreach (var line in RetentionLines(result))
            {
                await output.WriteLineAsync(line);
            }
            return 0;
        }, validate: true));

        var command = new Command("gdpr", "Innsyn og sletting for grunneiere.");
        command.Subcommands.Add(export);
        command.Subcommands.Add(forget);
        command.Subcommands.Add(retention);
        return command;
    }

    /// <summary>Norwegian lines about a retention run (the verb and the demo); owner ids only, never names.</summary>
    internal static IEnumerable<string> RetentionLines(OwnerRetention.Result result)
    {
        const int listed = 20;
        var ids = string.Join(", ", result.Due.Take(listed)) + (result.Due.Count > listed ? $" og {result.Due.Count - listed} til" : "");
        var cutoff = TimeZoneInfo.ConvertTime(result.Cutoff, TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        yield return result.Due.Count == 0
            ? $"Ingen grunneiere skal slettes: ingen har bare tomter som ble borte eller regulert før {cutoff}."
            : result.DryRun
                ? $"Prøvekjøring: {result.Due.Count} grunneiere ville blitt slettet (alle tomtene deres ble borte eller regulert før {cutoff}): {ids}."
                : $"Slettet {result.Due.Count} grunneiere (alle tomtene deres ble borte eller regulert før {cutoff}), {result.AirtableRecordsDeleted} poster i Airtable: {ids}.";
        if (result.InDialogue > 0 || result.TooRecent > 0)
        {
            yield return $"Beholdt: {result.InDialogue} i dialog med teamet, {result.TooRecent} der tomten ble borte for nylig.";
        }
    }
}
