using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using Tomte.Worker.Analysis.Maps;
using Tomte.Worker.Demo;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>
/// The demo's last step: the best sites per pilot kommune with score and explanation, their maps under
/// <c>kart/</c>, and <c>index.html</c> showing the ranked list beside the maps.
/// </summary>
public sealed class RankingDemoStep(ScoreRanking ranking, MapRunner maps) : IDemoStep
{
    public const int SitesPerKommune = 5;

    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public string Title => "Rangerer de beste tomtene per kommune";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var mapDirectory = Path.Combine(context.OutputDirectory, "kart");
        Directory.CreateDirectory(mapDirectory);
        var console = new StringBuilder();
        var report = new StringBuilder("## De beste tomtene per kommune\n\n");
        var html = new StringBuilder();
        var written = 0;
        foreach (var (kommune, navn) in SampleDataImport.PilotKommuner)
        {
            var top = await ranking.TopAsync(kommune, SitesPerKommune, cancellationToken);
            console.AppendLine($"  {kommune} {navn}:");
            report.AppendLine($"### {kommune} {navn}\n");
            html.AppendLine($"<h2>{Html($"{kommune} {navn}")}</h2>");
            foreach (var site in top)
            {
                var line = string.Create(Norwegian, $"{site.Rank}. {site.TomteId}  {site.Score,5:0.0}  {site.Sentence}");
                console.AppendLine($"    {line}");
                report.AppendLine($"{site.Rank}. **{site.TomteId}** – {site.Sentence} ([kart](kart/{site.TomteId}.png))");
                var png = site.HasMap ? await maps.PngAsync(site.TomteId, cancellationToken) : null;
                if (png is not null)
                {
                    await File.WriteAllBytesAsync(Path.Combine(mapDirectory, $"{site.TomteId}.png"), png, cancellationToken);
                    written++;
                }
                html.AppendLine(string.Create(Norwegian, $"""
                    <div class="tomt">
                      <div class="tekst"><div class="rang">{site.Rank}</div><h3>{Html(site.TomteId)} <span class="score">{site.Score:0.0} poeng</span></h3>
                      <p>{Html(site.Sentence)}</p><p class="fakta">{site.ArealDaa:0.0} daa · endring: {Html(site.Endring)}</p></div>
                      {(png is null ? "<div class=\"kart\">(ikke tegnet)</div>" : $"<a href=\"kart/{site.TomteId}.png\"><img class=\"kart\" src=\"kart/{site.TomteId}.png\" alt=\"Kart over {site.TomteId}\"></a>")}
                    </div>
                    """));
            }
            report.AppendLine();
        }
        var index = Path.Combine(context.OutputDirectory, "index.html");
        await File.WriteAllTextAsync(index, Page(html.ToString()), new UTF8Encoding(false), cancellationToken);
        return new DemoStepResult(
            $"De {SitesPerKommune} beste tomtene i hver pilotkommune, med score og forklaring; {written} kart i kart/, oversikt i index.html.",
            ReportSection: report.ToString(),
            Artifacts: [new DemoArtifact("index.html", "de beste tomtene per kommune, rangert, med kart ved siden av"), new DemoArtifact("kart/", $"{written} kart (PNG), ett per rangert tomt")],
            Details: console.ToString().TrimEnd());
    }

    // Norwegian letters stay letters in the UTF-8 page; only markup characters are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Html(string text) => Encoder.Encode(text);

    private static string Page(string body) => $$"""
        <!DOCTYPE html>
        <html lang="nb">
        <head>
        <meta charset="utf-8">
        <title>Tomte – de beste tomtene per kommune</title>
        <style>
          body { font-family: "DejaVu Sans", sans-serif; margin: 2em; background: #faf8f3; color: #222; }
          h2 { border-bottom: 2px solid #a4161a; padding-bottom: .2em; margin-top: 2em; }
          .tomt { display: flex; gap: 1.5em; align-items: flex-start; margin: 1em 0; padding: 1em; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
          .tekst { flex: 1; min-width: 20em; }
          .rang { font-size: 2em; font-weight: bold; color: #a4161a; float: left; margin-right: .5em; }
          .score { color: #a4161a; }
          .fakta { color: #666; }
          img.kart { width: 600px; height: auto; border: 1px solid #ccc; }
        </style>
        </head>
        <body>
        <h1>De beste tomtene per kommune</h1>
        <p>Syntetiske eksempeldata. Scoren er 0–100 fra sju deler på faste skalaer (størrelse, kapasitet, sentralitet, infrastruktur,
        konfliktfrihet, kommunal vilje, eierstruktur); forklaringen sier hvorfor. Klikk på et kart for full størrelse.</p>
        {{body}}
        </body>
        </html>
        """;
}
