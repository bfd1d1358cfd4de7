using System.Globalization;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>
/// One PxWebApi table read for a set of kommuner: the selection built from its metadata, the answers (one per chunk
/// of regions, under the cell limit), and values per current kommune and year with renumbered kommuner folded in.
/// </summary>
public sealed class SsbTable
{
    private static readonly string[] TotalWords = ["i alt", "alle", "totalt", "total", "begge kjønn"];

    private readonly List<JsonStatDataset> _answers = [];
    private const string KommunePrefix = "K-";

    // Kommune number -> the answer holding it and the code the table gives it there.
    private readonly Dictionary<string, (JsonStatDataset Answer, string Code)> _byRegion = new(StringComparer.Ordinal);
    private readonly KommuneRenumbering _renumbering;

    private SsbTable(string id, JsonStatDataset metadata, string region, string timeDimension, string metric, string metricCode, KommuneRenumbering renumbering)
    {
        Id = id;
        Metadata = metadata;
        Region = region;
        Time = timeDimension;
        Metric = metric;
        MetricCode = metricCode;
        _renumbering = renumbering;
    }

    public string Id { get; }

    public JsonStatDataset Metadata { get; }

    public string Region { get; }

    public string Time { get; }

    public string Metric { get; }

    public string MetricCode { get; }

    public int Requests { get; private set; }

    public int FromCache { get; private set; }

    /// <summary>Cells in the answers read.</summary>
    public long Cells => _answers.Sum(a => (long)a.CellCount);

    /// <summary>The value for a current kommune in a time period (a year "2024", or its first period), renumbering followed.</summary>
    public double? Value(string kommune, string period) =>
        _renumbering.Value(kommune, code => _byRegion.TryGetValue(code, out var found)
            ? found.Answer.Value(new Dictionary<string, string>(StringComparer.Ordinal) { [Region] = found.Code, [Time] = period, [Metric] = MetricCode })
            : null);

    /// <summary>The newest of the periods with a value for the kommune, and that value.</summary>
    public (string Period, double Value)? Newest(string kommune, IEnumerable<string> periods) =>
        periods.Reverse().Select(p => (p, Value(kommune, p))).Where(x => x.Item2 is not null).Select(x => ((string, double)?)(x.p, x.Item2!.Value)).FirstOrDefault();

    public static short? Year(string period) =>
        period.Length >= 4 && short.TryParse(period.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;

    /// <param name="periods">Which periods of the table's time dimension to ask for.</param>
    /// <param name="metricMatch">Picks the statistic by a word in its label or code; null = the table's only (or first) one.</param>
    public static async Task<SsbTable> ReadAsync(
        SsbClient client, SsbCache cache, SsbOptions settings, string table, IReadOnlyList<string> kommuner, KommuneRenumbering renumbering,
        Func<IReadOnlyList<string>, IReadOnlyList<string>> periods, string? metricMatch, Action<SsbTable, bool> report, CancellationToken cancellationToken)
    {
        var metadata = await client.MetadataAsync(table, cancellationToken).ConfigureAwait(false);
        var source = client.DataDescription(table);
        var region = Find(metadata, "geo", "Region") ?? throw new SourceFormatException(source, null, $"table {table} has no region dimension (role geo or Region)");
        var time = metadata.TimeDimension ?? throw new SourceFormatException(source, null, $"table {table} has no time dimension (role time or Tid)");
        var metric = metadata.MetricDimension ?? throw new SourceFormatException(source, null, $"table {table} has no statistic dimension (role metric or ContentsCode)");
        var metricCode = metricMatch is null
            ? metric.Codes[0]
            : metric.Codes.FirstOrDefault(c => c.Contains(metricMatch, StringComparison.OrdinalIgnoreCase) || metric.LabelOf(c).Contains(metricMatch, StringComparison.OrdinalIgnoreCase))
              ?? throw new SourceFormatException(source, null,
                  $"table {table}: no statistic matches '{metricMatch}' (it has: {string.Join("; ", metric.Codes.Select(c => $"{c} {metric.LabelOf(c)}"))})");
        var result = new SsbTable(table, metadata, region.Id, time.Id, metric.Id, metricCode, renumbering);

        var wantedPeriods = periods(time.Codes);
        var selection = new List<(string Variable, IReadOnlyList<string> Codes)>();
        var perRegion = 1L;
        foreach (var dimension in metadata.Dimensions)
        {
            IReadOnlyList<string>? codes;
            if (dimension.Id == region.Id)
            {
                continue;
            }
            else if (dimension.Id == time.Id)
            {
                codes = wantedPeriods;
            }
            else if (dimension.Id == metric.Id)
            {
                codes = [metricCode];
            }
            else
            {
                codes = Total(dimension, table, source);
            }
            if (codes is not null)
            {
                selection.Add((dimension.Id, codes));
                perRegion *= codes.Count;
            }
        }
        // A kommune code as the table writes it: plain (3207), or with the K- prefix of SSB's kommune code lists (K-3207).
        var known = region.Codes.ToHashSet(StringComparer.Ordinal);
        var regions = kommuner.SelectMany(renumbering.AllCodes).Distinct(StringComparer.Ordinal)
            .Select(code => known.Contains(code) ? code : known.Contains(KommunePrefix + code) ? KommunePrefix + code : null)
            .OfType<string>()
            .ToList();
        if (regions.Count == 0)
        {
            throw new SourceFormatException(source, null, $"table {table} has none of the kommuner {string.Join(", ", kommuner)} (nor their earlier numbers)");
        }
        var chunk = (int)Math.Max(1, settings.MaxCells / Math.Max(1, perRegion));
        foreach (var part in regions.Chunk(chunk))
        {
            var body = SsbClient.SelectionBody([(region.Id, part), .. selection]);
            var cached = await cache.GetAsync(table, body, metadata.Updated, cancellationToken).ConfigureAwait(false);
            if (cached is null)
            {
                cached = await client.DataAsync(table, body, cancellationToken).ConfigureAwait(false);
                await cache.PutAsync(table, body, metadata.Updated, cached, cancellationToken).ConfigureAwait(false);
                result.Requests++;
            }
            else
            {
                result.FromCache++;
            }
            var answer = JsonStatDataset.Parse(cached, source);
            result._answers.Add(answer);
            foreach (var code in answer.Dimension(region.Id)?.Codes ?? [])
            {
                result._byRegion[code.StartsWith(KommunePrefix, StringComparison.Ordinal) ? code[KommunePrefix.Length..] : code] = (answer, code);
            }
        }
        report(result, result.Requests == 0);
        return result;
    }

    private static JsonStatDimension? Find(JsonStatDataset metadata, string role, string name) =>
        metadata.Roles.TryGetValue(role, out var ids) && ids.Length > 0 ? metadata.Dimension(ids[0]) : metadata.Dimension(name);

    // A dimension Tomte does not ask about (kjønn, alder, bygningstype, husholdningstype) must come as its total: its
    // elimination code, left out when SSB sums it, or the category labelled as the total.
    private static IReadOnlyList<string>? Total(JsonStatDimension dimension, string table, string source)
    {
        if (dimension.EliminationValueCode is { } code && dimension.Codes.Contains(code))
        {
            return [code];
        }
        if (dimension.Elimination == true)
        {
            return null;
        }
        if (dimension.Codes.Count == 1)
        {
            return [dimension.Codes[0]];
        }
        var total = dimension.Codes.FirstOrDefault(c => TotalWords.Any(w => dimension.LabelOf(c).Contains(w, StringComparison.OrdinalIgnoreCase)));
        return total is not null
            ? [total]
            : throw new SourceFormatException(source, null, $"table {table}: variable {dimension.Id} cannot be left out and has no total category");
    }
}
