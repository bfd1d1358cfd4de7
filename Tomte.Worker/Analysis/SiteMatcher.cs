namespace Tomte.Worker.Analysis;

/// <summary>
/// Gives this run's parts the Tomte-IDs of the previous run's sites they overlap: a pair qualifies when its
/// intersection-over-union reaches the threshold, and pairs are taken best first so that each previous site and
/// each part is used once. After a split or merge the largest match keeps the ID; the rest get new IDs.
/// </summary>
public static class SiteMatcher
{
    /// <param name="Intersection">Area shared by the previous site and the part (m²).</param>
    public sealed record Overlap(string TomteId, int PartNo, double PreviousArea, double PartArea, double Intersection)
    {
        public double Iou => Intersection / (PreviousArea + PartArea - Intersection);
    }

    /// <summary>Geometry that shares this much of its union with the previous site is "uendret" rather than "endret".</summary>
    public const double UnchangedIou = 0.999_99;

    public sealed record Match(int PartNo, string TomteId, bool Unchanged);

    public static IReadOnlyList<Match> Assign(IEnumerable<Overlap> overlaps, double threshold)
    {
        var usedSites = new HashSet<string>(StringComparer.Ordinal);
        var usedParts = new HashSet<int>();
        var matches = new List<Match>();
        // Ties broken by ID and part number, so the same input always gives the same assignment.
        foreach (var overlap in overlaps.Where(o => o.Iou >= threshold)
                     .OrderByDescending(o => o.Iou).ThenByDescending(o => o.Intersection)
                     .ThenBy(o => o.TomteId, StringComparer.Ordinal).ThenBy(o => o.PartNo))
        {
            if (usedSites.Contains(overlap.TomteId) || usedParts.Contains(overlap.PartNo))
            {
                continue;
            }
            usedSites.Add(overlap.TomteId);
            usedParts.Add(overlap.PartNo);
            matches.Add(new Match(overlap.PartNo, overlap.TomteId, overlap.Iou >= UnchangedIou));
        }
        return matches;
    }
}
