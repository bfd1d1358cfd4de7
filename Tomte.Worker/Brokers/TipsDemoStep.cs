using System.Text;
using Tomte.Worker.Demo;

namespace Tomte.Worker.Brokers;

/// <summary>
/// The demo's two bundled tips, assessed as a broker's tip would be: one on open housing land in the Ås sample
/// kommuneplan (promising), one the sample's adopted reguleringsplan already covers (regulated). Both printed in full.
/// </summary>
public sealed class TipsDemoStep(TipAssessor assessor) : IDemoStep
{
    /// <summary>Real teiger of the bundled sample data, chosen so the outcome is what the label says.</summary>
    public static readonly IReadOnlyList<(string Label, string Input)> Tips =
    [
        ("lovende", "3218-5/3, 3218-5/8, 3218-5/13"),
        ("allerede regulert", "3218-3/12"),
    ];

    public string Title => "Innspill fra meglere vurderes";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var report = new StringBuilder();
        var details = new StringBuilder();
        var lines = new List<string>();
        var folder = Path.Combine(context.OutputDirectory, "innspill");
        Directory.CreateDirectory(folder);
        foreach (var (label, input) in Tips)
        {
            var assessment = await assessor.AssessAsync(TipInput.FromArgument(input), $"demo {label}", cancellationToken);
            string? mapPath = null;
            if (assessment.Kart is { } png)
            {
                mapPath = Path.Combine(folder, $"{label.Replace(' ', '-')}.png");
                await File.WriteAllBytesAsync(mapPath, png, cancellationToken);
            }
            // The demo report must hold no personal data, so owners are counted here, not named (tomte vurder names them).
            var text = TipReport.Format(assessment, mapPath is null ? null : Path.GetRelativePath(context.OutputDirectory, mapPath), ownerNames: false);
            details.AppendLine($"Innspill {input} ({label}):").Append(text);
            report.AppendLine($"### Innspill {input} ({label})").AppendLine().AppendLine("```").Append(text).AppendLine("```").AppendLine();
            lines.Add($"{input} {label}: " + (assessment.Score is { } s ? $"score {s.Score:0}" : $"{SiteConflictsPercent(assessment.RegulertAndel)} regulert, ikke scoret"));
        }
        return new DemoStepResult(string.Join("; ", lines), report.ToString(),
            [new DemoArtifact("innspill/", "kart over de to vurderte innspillene")], details.ToString());
    }

    private static string SiteConflictsPercent(double share) => Analysis.SiteConflicts.Percent(share);
}
