using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Worker.Cli;

public static partial class TomteCommandLine
{
    private static Command AirtableCommand()
    {
        var setup = new Command("setup",
            "Oppretter tabellene og feltene Tomte trenger i Airtable-basen (Metadata API) og melder fra om felt teamet har omdøpt eller endret type på. " +
            "Sletter eller omdøper aldri noe. Trygt å kjøre flere ganger.");
        setup.SetAction((parse, cancellationToken) => WithHost(parse, "airtable setup", async (services, output) =>
        {
            var report = await services.GetRequiredService<AirtableSetup>().RunAsync(cancellationToken);
            foreach (var table in report.CreatedTables)
            {
                await output.WriteLineAsync($"  opprettet tabell: {table}");
            }
            foreach (var field in report.CreatedFields)
            {
                await output.WriteLineAsync($"  opprettet felt: {field}");
            }
            foreach (var drift in report.Drift)
            {
                await output.WriteLineAsync($"  AVVIK {drift}");
            }
            await output.WriteLineAsync(report.NoChanges
                ? $"Airtable-basen: ingen endringer{(report.Drift.Count > 0 ? $", {report.Drift.Count} avvik (se over)" : "")}."
                : $"Airtable-basen: {report.CreatedTables.Count} tabeller og {report.CreatedFields.Count} felt opprettet{(report.Drift.Count > 0 ? $", {report.Drift.Count} avvik (se over)" : "")}.");
            return 0;
        }, validate: true));

        var command = new Command("airtable", "Airtable-basen teamet jobber i.");
        command.Subcommands.Add(setup);
        return command;
    }

    private static Command SyncCommand()
    {
        var command = new Command("sync",
            "Synkroniserer med Airtable: sender endrede tomter, eiendommer, grunneiere og kommuner (bare Tomtes egne felt), " +
            "og leser tilbake teamets felt (status, godkjenning, samtykke, notater, kommunal vilje) siden forrige gang.");
        command.SetAction((parse, cancellationToken) => WithHost(parse, "sync", async (services, output) =>
        {
            // One sync at a time on the database: beside the service's sync job this one waits for it, and says so.
            var result = await services.GetRequiredService<AirtableSync>().RunAsync(new ThrottledProgress(Console.Error, TimeSpan.FromSeconds(5)), cancellationToken,
                () => Console.Error.WriteLineAsync("tomte sync: en annen synkronisering kjører (tjenesten eller en annen tomte sync); venter til den er ferdig ..."));
            if (result.TeamOwners.Records + result.TeamOwners.WithoutParcel > 0)
            {
                await output.WriteLineAsync(
                    $"  inn Grunneiere lagt inn av teamet: {result.TeamOwners.Records} tatt inn som {result.TeamOwners.Owners} grunneiere" +
                    (result.TeamOwners.WithoutParcel > 0 ? $", {result.TeamOwners.WithoutParcel} venter på en koblet eiendom" : ""));
            }
            foreach (var table in result.Outbound)
            {
                await output.WriteLineAsync(
                    $"  ut  {table.Table}: {table.Sent} sendt av {table.Total}{(table.Discarded > 0 ? $", {table.Discarded} slettet av teamet (gjenopprettes ikke)" : "")}{(table.MapsUploaded > 0 ? $", {table.MapsUploaded} kart lastet opp" : "")}");
            }
            foreach (var table in result.Inbound)
            {
                await output.WriteLineAsync($"  inn {table.Table}: {table.Records} endrede poster, {table.Changes} nye verdier");
            }
            await output.WriteLineAsync($"Synkronisert: {result.Outbound.Sum(t => t.Sent)} poster sendt, {result.Inbound.Sum(t => t.Changes)} endringer lest tilbake.");
            return 0;
        }, validate: true));
        return command;
    }

    /// <summary>Shows how far a long sync has come on stderr, at most once per interval, so stdout keeps only the summary.</summary>
    private sealed class ThrottledProgress(TextWriter writer, TimeSpan interval) : IProgress<string>
    {
        private long _last = System.Diagnostics.Stopwatch.GetTimestamp();

        public void Report(string value)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(_last) >= interval)
            {
                _last = System.Diagnostics.Stopwatch.GetTimestamp();
                writer.WriteLine($"tomte sync: {value}");
            }
        }
    }
}
