namespace Tomte.Tests.SampleData;

/// <summary>
/// The bundled "next month" set: the same kommuner a month later, so that a second analysis shows every kind of
/// change. Built from the first month's features without drawing from the random stream, so the first month's
/// files stay byte for byte what they were.
/// </summary>
public sealed partial class SampleDataGenerator
{
    public const string NextMonthFolder = "neste-maned";

    private const string NextMonthAdopted = "2026-01-20";

    private void WriteNextMonth(
        string folder, Area area, List<Feature> kp, List<(double X0, double Y0, double X1, double Y1)> boligCells, List<Plan> plans)
    {
        Directory.CreateDirectory(folder);
        var (nextKp, nextPlans) = NextMonth(area, kp, boligCells, plans);
        WriteGml(Path.Combine(folder, $"kommuneplan-{area.Kommunenummer}.gml"), KommuneplanNs, nextKp);
        WriteGml(Path.Combine(folder, $"reguleringsplaner-{area.Kommunenummer}.gml"), ReguleringsplanNs, nextPlans.Select(p => RpOmrade(area, p)).ToList());
        WriteGeoJson(Path.Combine(folder, $"planlegging-igangsatt-{area.Kommunenummer}.geojson"),
            nextPlans.Where(p => p.Planstatus is 1 or 2).Select(p => RpOmrade(area, p)).ToList(), "rpomrade");
        WriteGml(Path.Combine(folder, $"planlegging-igangsatt-{area.Kommunenummer}.gml"), ReguleringsplanforslagNs, PlanProposals(area, nextPlans));
    }

    /// <summary>
    /// Housing cells (1110, framtidig) in the order of <paramref name="boligCells"/>: the first plain one is made
    /// smaller (endret), the second is taken out of housing (borte), a new adopted plan covers the third (regulert);
    /// the first LNF cell becomes housing (ny); two plans in forslag over other housing cells are adopted (endret).
    /// </summary>
    private static (List<Feature> Kp, List<Plan> Plans) NextMonth(
        Area area, List<Feature> kp, List<(double X0, double Y0, double X1, double Y1)> boligCells, List<Plan> plans)
    {
        var bolig = kp.Where(f => f.Type == "KpArealformålOmråde" && Value(f, "arealformål") is 1110 && Value(f, "arealbruksstatus") is 2).ToList();
        // Plain cells: one part, one jagged ring (not a hole, a split or a bow tie).
        var plain = Enumerable.Range(0, bolig.Count).Where(i => bolig[i].Parts is [[var ring]] && ring.Coordinates.Length > 12).ToArray();
        var (changed, removed, regulated) = (plain[0], plain[1], plain[2]);
        var newLand = kp.First(f => f.Type == "KpArealformålOmråde" && Value(f, "arealformål") is 5100 && Value(f, "arealbruksstatus") is 1
                                    && !f.Id.EndsWith('s'));

        var (cx0, cy0, cx1, cy1) = boligCells[changed];
        var nextKp = kp.Select(f =>
            ReferenceEquals(f, bolig[changed]) ? f with { Parts = [[Rect(cx0, cy0, cx0 + ((cx1 - cx0) * 0.8), cy1)]] }
            : ReferenceEquals(f, bolig[removed]) ? With(f, ("arealformål", 5100), ("arealbruksstatus", 1))
            : ReferenceEquals(f, newLand) ? With(f, ("arealformål", 1110), ("arealbruksstatus", 2))
            : f).ToList();

        var untouched = boligCells.Where((_, i) => i != changed && i != removed && i != regulated).ToArray();
        var adopt = plans
            .Where(p => p.Planstatus == 2 && p.Vertikalniva == 2 && untouched.Any(c => Overlaps(Bounds(p), c)))
            .Take(2).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var nextPlans = plans
            .Select(p => adopt.Contains(p.Id) ? p with { Planstatus = 3, Ikrafttredelsesdato = NextMonthAdopted } : p)
            .ToList();
        var (rx0, ry0, rx1, ry1) = boligCells[regulated];
        nextPlans.Add(new Plan($"{area.Kommunenummer}2026901", "Detaljregulering Nytt boligfelt (syntetisk)", 35, 3, 2, NextMonthAdopted,
            [[Rect(rx0 - 10, ry0 - 10, rx1 + 10, ry1 + 10)]]));
        return (nextKp, nextPlans);
    }

    private static object? Value(Feature feature, string path) => feature.Attributes.FirstOrDefault(a => a.Path == path).Value;

    private static Feature With(Feature feature, params (string Path, object? Value)[] values) => feature with
    {
        Attributes = feature.Attributes.Select(a => values.FirstOrDefault(v => v.Path == a.Path) is { Path: not null } v ? v : a).ToList(),
    };

    private static (double X0, double Y0, double X1, double Y1) Bounds(Plan plan)
    {
        var xs = plan.Parts.SelectMany(p => p[0].Coordinates.Where((_, i) => i % 2 == 0)).ToArray();
        var ys = plan.Parts.SelectMany(p => p[0].Coordinates.Where((_, i) => i % 2 == 1)).ToArray();
        return (xs.Min(), ys.Min(), xs.Max(), ys.Max());
    }

    private static bool Overlaps((double X0, double Y0, double X1, double Y1) a, (double X0, double Y0, double X1, double Y1) b) =>
        a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1;
}
