using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Status;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte status</c>: Airtable calls, jobs, data freshness and the funnel, in Norwegian.</summary>
public static partial class TomteCommandLine
{
    private static Command StatusCommand()
    {
        var details = new Option<bool>("--detaljer", "-d")
        {
            Description = "Vis ferskheten for hver kommune og datakilde, ikke bare per datakilde.",
        };
        var airtable = new Option<bool>("--airtable")
        {
            Description = "Skriv også tabellen Systemstatus i Airtable nå (tjenesten gjør det ellers hvert kvarter).",
        };
        var command = new Command("status",
            "Viser Airtable-kall denne måneden mot budsjettet, hver jobbs siste kjøring, varighet, utfall og neste kjøring, " +
            "hvor ferske dataene er per kilde og kommune, og salgstrakten mot målene for seks måneder.")
        {
            details,
            airtable,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "status", async (services, output) =>
        {
            if (parse.GetValue(airtable))
            {
                var written = await services.GetRequiredService<SystemstatusWriter>().WriteAsync(cancellationToken);
                await output.WriteAsync(StatusText.Format(written.Report, parse.GetValue(details)));
                await output.WriteLineAsync();
                await output.WriteLineAsync(written.Sent is { } sent
                    ? $"Systemstatus i Airtable: {sent} av {written.Records.Count} rader endret og skrevet."
                    : throw new InvalidOperationException("Airtable er ikke konfigurert (Tomte:Airtable:Token og Tomte:Airtable:BaseId); Systemstatus ble ikke skrevet."));
                return 0;
            }
            var report = await services.GetRequiredService<StatusReader>().ReadAsync(cancellationToken);
            await output.WriteAsync(StatusText.Format(report, parse.GetValue(details)));
            return 0;
        }, validate: true));
        return command;
    }
}
