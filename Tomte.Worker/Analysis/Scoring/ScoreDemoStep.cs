using System.Globalization;
using Tomte.Worker.Analysis.Maps;
using Tomte.Worker.Demo;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>
/// The demo's scoring step, right after the analysis: scores the pilot kommuner's sites and draws their maps, then
/// runs both again to show that nothing unchanged is redone.
/// </summary>
public sealed class ScoreDemoStep(ScoreRunner scores, MapRunner maps) : IDemoStep
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public string Title => "Scorer tomtene og tegner et kart per tomt";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var pilot = SampleDataImport.PilotKommuner.Select(k => k.Kommunenummer).ToArray();
        var scored = await scores.RunAsync(pilot, cancellationToken);
        var drawn = await maps.RunAsync(pilot, new Progress<(int Done, int Total)>(p => context.Progress.Report(new DemoCount(p.Done, p.Total))), cancellationToken);
        var rescored = await scores.RunAsync(pilot, cancellationToken);
        var redrawn = await maps.RunAsync(pilot, null, cancellationToken);
        var summary = string.Create(Norwegian,
            $"{scored.Scored} tomter scoret ({scored.Duration.TotalSeconds:0.0} s), {drawn.Rendered} kart tegnet ({drawn.Duration.TotalSeconds:0.0} s); " +
            $"kjørt på nytt uten endringer: {rescored.Scored} scoret, {redrawn.Rendered} kart tegnet.");
        var section = $"""
            ## Score og kart

            {summary}

            Vekter og skalaer: `Tomte:Scoring` (README, «Score»). Veier og SSB-indikatorer fylles av egne steg; mangler de,
            gir infrastruktur og SSB-sentralitet nøytrale poeng, og forklaringen sier det. Kommunal vilje er nøytral til
            teamet setter den i Airtable.

            """;
        return new DemoStepResult(summary, ReportSection: section);
    }
}
