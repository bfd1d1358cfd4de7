using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Brokers;

namespace Tomte.Worker.Cli;

/// <summary><c>tomte vurder</c> (one tip assessed on request) and <c>tomte brokers</c> (follow-up per broker).</summary>
public static partial class TomteCommandLine
{
    private static Command VurderCommand()
    {
        var what = new Argument<string>("innspill")
        {
            Description = "Matrikkelnummer (3218-12/34, flere med komma), WKT (POLYGON((…)), EPSG:25833 eller WGS 84), " +
                          "en GeoJSON- eller WKT-fil, eller en adresse (slås opp i Kartverkets adresseregister).",
        };
        var map = new Option<FileInfo>("--kart")
        {
            Description = "Lagre kartet over innspillet som PNG i denne filen.",
        };
        var command = new Command("vurder",
            "Vurderer ett innspill med samme regler som analysen: andel avsatt til bolig i kommuneplanen, andel allerede regulert, " +
            "planer under arbeid, konflikter, score med forklaring, eiere og hvilke tomter det overlapper. Endrer ingenting i databasen.")
        {
            what,
            map,
        };
        command.SetAction((parse, cancellationToken) => WithHost(parse, "vurder", async (services, output) =>
        {
            var text = parse.GetValue(what)!;
            if (File.Exists(text))
            {
                var content = await File.ReadAllTextAsync(text, cancellationToken);
                if (!TipInput.LooksLikeGeometry(content.TrimStart()))
                {
                    throw new TipInputException(TipProblem.InvalidWkt, $"{Path.GetFullPath(text)} inneholder verken GeoJSON eller WKT");
                }
                text = content;
            }
            var assessment = await services.GetRequiredService<TipAssessor>().AssessAsync(TipInput.FromArgument(text), "Vurdering", cancellationToken);
            string? mapPath = null;
            if (parse.GetValue(map) is { } file && assessment.Kart is { } png)
            {
                await File.WriteAllBytesAsync(file.FullName, png, cancellationToken);
                mapPath = file.FullName;
            }
            await output.WriteAsync(TipReport.Format(assessment, mapPath));
            return 0;
        }, validate: true));
        return command;
    }

    private static Command BrokersCommand()
    {
        var command = new Command("brokers",
            "Oppfølging per megler: innspill brakt, vurdert, kvalifisert (score over Tomte:Brokers:KvalifisertScore) og som har ført til " +
            "dialog eller LOI (teamets statuser på tomtene og grunneierne i Airtable).");
        command.SetAction((parse, cancellationToken) => WithHost(parse, "brokers", async (services, output) =>
        {
            var summary = await services.GetRequiredService<BrokerFollowUp>().SummaryAsync(cancellationToken);
            await output.WriteAsync(BrokerFollowUp.Format(summary));
            return 0;
        }, validate: true));
        return command;
    }
}
