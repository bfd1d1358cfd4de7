namespace Tomte.Worker.Ingest.Ssb;

/// <summary>
/// Kommune numbers across reforms, from Klass classification 131's changes: which older numbers a current kommune's
/// figures were published under (3207 Nordre Follo was 3020 in 2020-2023, which was 0213 Ski and 0217 Oppegård before).
/// A number split over several new kommuner cannot be apportioned and is not followed.
/// </summary>
public sealed class KommuneRenumbering
{
    private readonly Dictionary<string, List<string>> _predecessors = new(StringComparer.Ordinal);

    public KommuneRenumbering(IEnumerable<KlassCodeChange> changes)
    {
        var real = changes.Where(c => c.OldCode != c.NewCode).DistinctBy(c => (c.OldCode, c.NewCode)).ToList();
        var successors = real.GroupBy(c => c.OldCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var change in real.Where(c => successors[c.OldCode] == 1))
        {
            (_predecessors.TryGetValue(change.NewCode, out var list) ? list : _predecessors[change.NewCode] = []).Add(change.OldCode);
        }
    }

    /// <summary>The numbers this kommune's figures were published under before, directly.</summary>
    public IReadOnlyList<string> DirectPredecessors(string kommune) => _predecessors.TryGetValue(kommune, out var list) ? list : [];

    /// <summary>The kommune's number and every older number it descends from.</summary>
    public IReadOnlyList<string> AllCodes(string kommune)
    {
        var codes = new List<string> { kommune };
        for (var i = 0; i < codes.Count; i++)
        {
            foreach (var old in DirectPredecessors(codes[i]).Where(o => !codes.Contains(o)))
            {
                codes.Add(old);
            }
        }
        return codes;
    }

    /// <summary>
    /// A figure for the kommune as it is today: its own number's value, or, where that is missing (a year before the
    /// renumbering), the sum over the numbers it came from. Null when neither is there in full.
    /// </summary>
    public double? Value(string kommune, Func<string, double?> valueOf) => Value(kommune, valueOf, 0);

    private double? Value(string kommune, Func<string, double?> valueOf, int depth)
    {
        if (valueOf(kommune) is { } own)
        {
            return own;
        }
        var predecessors = DirectPredecessors(kommune);
        if (predecessors.Count == 0 || depth > 10)
        {
            return null;
        }
        double sum = 0;
        foreach (var old in predecessors)
        {
            if (Value(old, valueOf, depth + 1) is not { } part)
            {
                return null;
            }
            sum += part;
        }
        return sum;
    }
}
