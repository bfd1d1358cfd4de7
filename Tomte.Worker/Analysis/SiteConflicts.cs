using System.Globalization;
using System.Text.Json;

namespace Tomte.Worker.Analysis;

/// <summary>Norwegian lines for a site's stored overlap shares ("12 % av tomten i flomsone"), for Airtable and reports.</summary>
public static class SiteConflicts
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    private static readonly Dictionary<string, string> ConstraintNames = new(StringComparer.Ordinal)
    {
        ["verneomrade"] = "verneområde",
        ["flomsone"] = "flomsone",
        ["kvikkleire"] = "kvikkleiresone",
        ["dyrka_mark"] = "dyrka mark",
        ["kulturminne"] = "kulturminne",
    };

    /// <param name="constraintsJson">analysis.tomt.konflikter: share per constraint kind.</param>
    /// <param name="hensynssonerJson">analysis.tomt.hensynssoner: share per hensynssone kind.</param>
    public static IReadOnlyList<string> Lines(string constraintsJson, string hensynssonerJson)
    {
        var lines = new List<string>();
        foreach (var (kind, share) in Shares(constraintsJson))
        {
            lines.Add($"{Percent(share)} av tomten i {KindName(kind)}");
        }
        foreach (var (kind, share) in Shares(hensynssonerJson))
        {
            lines.Add($"{Percent(share)} av tomten i hensynssone ({kind})");
        }
        return lines;
    }

    /// <summary>The Norwegian name of a ref.constraint_area kind.</summary>
    public static string KindName(string kind) => ConstraintNames.GetValueOrDefault(kind, kind);

    /// <summary>Whole percents, but never "0 %" for an overlap that is there.</summary>
    public static string Percent(double share) =>
        share is > 0 and < 0.01 ? "under 1 %" : string.Format(Norwegian, "{0:0} %", share * 100);

    private static IEnumerable<(string Kind, double Share)> Shares(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())).OrderByDescending(p => p.Item2).ToArray();
    }
}
