using System.Globalization;
using System.Text;
using Tomte.Worker.Demo;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>
/// The demo's SSB step: the bundled SYNTHETIC PxWebApi v2 and Klass answers (SampleData/ssb, real formats, invented
/// figures) through the real client, parser and loader into ssb.kommune_indikator, without network.
/// </summary>
public sealed class SsbDemoStep(SsbIndicators indicators) : IDemoStep
{
    public static string SampleDirectory => Path.Combine(SampleDataImport.SampleDirectory, "ssb");

    public string Title => "Henter SSB-indikatorer (syntetiske svar i SSBs format)";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var outcome = await indicators.RunAsync([.. SampleDataImport.PilotKommuner.Select(k => k.Kommunenummer)], SampleDirectory, cancellationToken);
        var table = SsbReport.Table(outcome.Rows).ToArray();
        var report = new StringBuilder();
        report.AppendLine("## SSB-indikatorer (syntetiske tall i SSBs format)");
        report.AppendLine();
        report.AppendLine("```");
        foreach (var line in table)
        {
            report.AppendLine(line);
        }
        report.AppendLine("```");
        var summary = string.Create(CultureInfo.GetCultureInfo("nb-NO"),
            $"SSB: {outcome.Rows.Count} kommuner i ssb.kommune_indikator (framskriving fra tabell {outcome.FramskrivingTabell}; syntetiske tall).");
        return new DemoStepResult(summary, report.ToString(), Details: string.Join(Environment.NewLine, table));
    }
}
