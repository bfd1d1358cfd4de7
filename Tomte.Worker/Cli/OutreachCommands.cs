using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tomte.Worker.Letters;
using Tomte.Worker.Outreach;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte outreach [--dry-run] [--now T]</c>.</summary>
public static partial class TomteCommandLine
{
    private static readonly TimeZoneInfo OsloZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private static Command OutreachCommand()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Vis hva som ville skjedd nå, uten å sende, skrive eller endre noe." };
        var now = new Option<string?>("--now")
        {
            Description = "Kjør som om klokka var dette tidspunktet (norsk tid), f.eks. 2026-12-01T10:00. For å prøve sekvensen og sendevinduet.",
        };
        var command = new Command("outreach",
            "Kjører utsendingssekvensen én gang: starter for grunneiere teamet har godkjent for utsending, stopper når status er forbi «brev sendt» " +
            "eller eieren har meldt seg av, og gjør stegene som har forfalt: brev 1 (dag 0) og brev 2 (dag 30) til dagens utskriftsbunke, " +
            "oppfølging på e-post (dag 3) der det er lov, telefonoppgave (dag 14). Leser først svar i innboksen når IMAP er satt opp. " +
            "Brev og e-post går bare på hverdager i sendevinduet, og høyst daglig grense per dag.")
        {
            dryRun,
            now,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var moved = parse.GetValue(now) is { Length: > 0 } text ? MovedClock.ParseOslo(text, OsloZone) : (DateTimeOffset?)null;
            return WithHost(parse, "outreach", async (services, output) =>
            {
                var isDry = parse.GetValue(dryRun);
                var replies = services.GetRequiredService<ReplyReader>();
                if (!isDry && replies.IsConfigured)
                {
                    var read = await replies.RunAsync(cancellationToken);
                    await output.WriteLineAsync($"Innboks: {read.Messages} nye meldinger ({read.Kinds[InboundKind.Svar]} svar, {read.Kinds[InboundKind.Avmelding]} avmeldinger, " +
                        $"{read.Kinds[InboundKind.Retur]} returer, {read.Kinds[InboundKind.Autosvar]} autosvar, {read.Kinds[InboundKind.Ukjent]} andre).");
                }
                var result = await services.GetRequiredService<OutreachRunner>().RunAsync(isDry, cancellationToken);
                await WriteOutreachAsync(output, result);
                return 0;
            }, validate: true, configure: moved is { } at ? s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(new MovedClock(at))) : null);
        });
        return command;
    }

    private static async Task WriteOutreachAsync(TextWriter output, OutreachRunner.Result result)
    {
        var when = TimeZoneInfo.ConvertTime(result.Now, OsloZone).ToString("dd.MM.yyyy HH:mm", Norsk);
        await output.WriteLineAsync(result.DryRun ? $"Utsending {when} – prøvekjøring, ingenting sendes eller lagres:" : $"Utsending {when}:");
        if (result.Interrupted > 0)
        {
            await output.WriteLineAsync($"  OBS: {result.Interrupted} e-post(er) ble avbrutt under sending i en tidligere kjøring; de sendes ikke på nytt. Se Aktiviteter med status «sendes».");
        }
        foreach (var line in result.Lines)
        {
            var what = line.Kind switch
            {
                DecisionKind.Start => "starter",
                DecisionKind.Stop => "stopper",
                DecisionKind.Anchor => "dag 0",
                DecisionKind.Send => result.DryRun ? "skal sendes" : "utført",
                DecisionKind.Skip => "hoppes over",
                _ => "venter",
            };
            var step = line.Step is { } s ? $" {s.DisplayName()}" : "";
            await output.WriteLineAsync($"  {line.EierId}{step}: {what} – {line.Text}");
        }
        foreach (var file in result.BatchFiles)
        {
            await output.WriteLineAsync($"  utskrift: {file}");
        }
        await output.WriteLineAsync(result.Lines.Count == 0
            ? "Ingenting å gjøre: ingen grunneiere er godkjent for utsending, eller alle steg er gjort."
            : $"Ferdig: {result.Count(DecisionKind.Send)} steg {(result.DryRun ? "klare" : "utført")}, {result.Count(DecisionKind.Skip)} hoppet over, " +
              $"{result.Count(DecisionKind.Start)} startet, {result.Count(DecisionKind.Stop)} stoppet, {result.Count(DecisionKind.Wait)} venter.");
    }
}
