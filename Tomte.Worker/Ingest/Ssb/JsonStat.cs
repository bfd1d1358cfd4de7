using System.Globalization;
using System.Text.Json;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>One dimension of a JSON-stat 2.0 dataset: its categories in index order.</summary>
/// <param name="Elimination">PxWeb's <c>extension.elimination</c>: whether a query may leave the dimension out (summed).</param>
/// <param name="EliminationValueCode">PxWeb's <c>extension.eliminationValueCode</c>: the category that stands for all of them.</param>
public sealed record JsonStatDimension(
    string Id,
    string? Label,
    IReadOnlyList<string> Codes,
    IReadOnlyDictionary<string, string> Labels,
    bool? Elimination,
    string? EliminationValueCode)
{
    public string LabelOf(string code) => Labels.TryGetValue(code, out var label) ? label : code;
}

/// <summary>
/// A JSON-stat 2.0 dataset read generically (PxWebApi v2's <c>json-stat2</c>): dimensions in <c>id</c> order with
/// their <c>size</c>, categories from an <c>index</c> given as an object or an array, the row-major <c>value</c> array
/// (or sparse object), and <c>status</c> symbols. SSB's symbols <c>.</c> (not possible), <c>..</c> (not available),
/// <c>...</c> (not yet available) and <c>:</c> (confidential) make a cell missing, whatever its value; <c>-</c> on an
/// empty cell is SSB's "nil", a true zero.
/// </summary>
public sealed class JsonStatDataset
{
    public static readonly IReadOnlySet<string> MissingSymbols = new HashSet<string>(StringComparer.Ordinal) { ".", "..", "...", ":" };

    private readonly Dictionary<string, int> _dimensionIndex;
    private readonly Dictionary<string, int>[] _categoryIndex;
    private readonly int[] _strides;
    private readonly double?[] _values;

    private JsonStatDataset(string? label, DateTimeOffset? updated, IReadOnlyList<JsonStatDimension> dimensions, double?[] values, IReadOnlyDictionary<string, string[]> roles)
    {
        Label = label;
        Roles = roles;
        Updated = updated;
        Dimensions = dimensions;
        _values = values;
        _dimensionIndex = dimensions.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        _categoryIndex = dimensions.Select(d => d.Codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal)).ToArray();
        _strides = new int[dimensions.Count];
        var stride = 1;
        for (var i = dimensions.Count - 1; i >= 0; i--)
        {
            _strides[i] = stride;
            stride *= dimensions[i].Codes.Count;
        }
    }

    public string? Label { get; }

    /// <summary>The dataset's <c>updated</c>: when the table last changed (what the cache compares).</summary>
    public DateTimeOffset? Updated { get; }

    /// <summary>In the dataset's <c>id</c> order (the order of the row-major value array).</summary>
    public IReadOnlyList<JsonStatDimension> Dimensions { get; }

    public int CellCount => _values.Length;

    /// <summary><c>role</c>: time, geo and metric dimension ids.</summary>
    public IReadOnlyDictionary<string, string[]> Roles { get; }

    /// <summary>The time dimension: the one <c>role.time</c> names, else one called Tid.</summary>
    public JsonStatDimension? TimeDimension => Roles.TryGetValue("time", out var ids) && ids.Length > 0 ? Dimension(ids[0]) : Dimension("Tid");

    /// <summary>The statistic dimension: the one <c>role.metric</c> names, else ContentsCode.</summary>
    public JsonStatDimension? MetricDimension => Roles.TryGetValue("metric", out var ids) && ids.Length > 0 ? Dimension(ids[0]) : Dimension("ContentsCode");

    public JsonStatDimension? Dimension(string id) => _dimensionIndex.TryGetValue(id, out var i) ? Dimensions[i] : null;

    /// <summary>
    /// The cell at the given categories; a dimension with one category may be left out. Null when the cell is
    /// missing (null, or a missing-value symbol) or a category is not in the dataset.
    /// </summary>
    public double? Value(IReadOnlyDictionary<string, string> categories)
    {
        var offset = 0;
        for (var i = 0; i < Dimensions.Count; i++)
        {
            var dimension = Dimensions[i];
            int position;
            if (categories.TryGetValue(dimension.Id, out var code))
            {
                if (!_categoryIndex[i].TryGetValue(code, out position))
                {
                    return null;
                }
            }
            else if (dimension.Codes.Count == 1)
            {
                position = 0;
            }
            else
            {
                throw new ArgumentException($"dimension {dimension.Id} has {dimension.Codes.Count} categories; name one", nameof(categories));
            }
            offset += position * _strides[i];
        }
        return _values[offset];
    }

    public static JsonStatDataset Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, source);
        }
        catch (JsonException ex)
        {
            throw new SourceFormatException(source, null, $"the answer is not JSON ({ex.Message})", ex);
        }
    }

    public static JsonStatDataset Parse(JsonElement root, string source)
    {
        SourceFormatException Fail(string reason) => new(source, null, "JSON-stat: " + reason);

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail("the answer is not a JSON object");
        }
        if (root.TryGetProperty("class", out var @class) && @class.GetString() is { } kind && kind != "dataset")
        {
            throw Fail($"class is '{kind}'; only a dataset can be read");
        }
        if (!root.TryGetProperty("id", out var ids) || ids.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("size", out var sizes) || sizes.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("dimension", out var dimensionsElement) || dimensionsElement.ValueKind != JsonValueKind.Object)
        {
            throw Fail("'id', 'size' and 'dimension' are required (is this json-stat2?)");
        }
        var idList = ids.EnumerateArray().Select(e => e.GetString() ?? throw Fail("an id is not a string")).ToArray();
        var sizeList = sizes.EnumerateArray().Select(e => e.TryGetInt32(out var n) && n >= 0 ? n : throw Fail("a size is not a whole number")).ToArray();
        if (idList.Length != sizeList.Length)
        {
            throw Fail($"'id' names {idList.Length} dimensions but 'size' gives {sizeList.Length}");
        }

        var dimensions = new List<JsonStatDimension>(idList.Length);
        for (var d = 0; d < idList.Length; d++)
        {
            if (!dimensionsElement.TryGetProperty(idList[d], out var element) || !element.TryGetProperty("category", out var category))
            {
                throw Fail($"dimension '{idList[d]}' is named in 'id' but has no category");
            }
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (category.TryGetProperty("label", out var labelElement) && labelElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in labelElement.EnumerateObject())
                {
                    labels[property.Name] = property.Value.GetString() ?? property.Name;
                }
            }
            var codes = Codes(category, labels, idList[d], Fail);
            if (codes.Count != sizeList[d])
            {
                throw Fail($"dimension '{idList[d]}' has {codes.Count} categories but size {sizeList[d]}");
            }
            bool? elimination = null;
            string? eliminationCode = null;
            if (element.TryGetProperty("extension", out var extension) && extension.ValueKind == JsonValueKind.Object)
            {
                if (extension.TryGetProperty("elimination", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    elimination = e.GetBoolean();
                }
                if (extension.TryGetProperty("eliminationValueCode", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    eliminationCode = c.GetString();
                }
            }
            var label = element.TryGetProperty("label", out var l) ? l.GetString() : null;
            dimensions.Add(new JsonStatDimension(idList[d], label, codes, labels, elimination, eliminationCode));
        }

        var cells = sizeList.Aggregate(1L, (a, b) => a * b);
        if (cells > 50_000_000)
        {
            throw Fail($"{cells} cells is more than this reader takes");
        }
        var values = new double?[cells];
        if (root.TryGetProperty("value", out var valueElement))
        {
            switch (valueElement.ValueKind)
            {
                // PxWebApi's metadata answer is the dataset without its values.
                case JsonValueKind.Array when valueElement.GetArrayLength() == 0:
                    break;
                case JsonValueKind.Array:
                    if (valueElement.GetArrayLength() != cells)
                    {
                        throw Fail($"'value' holds {valueElement.GetArrayLength()} cells; the sizes {string.Join("×", sizeList)} make {cells}");
                    }
                    var i = 0;
                    foreach (var cell in valueElement.EnumerateArray())
                    {
                        values[i] = Number(cell, i, Fail);
                        i++;
                    }
                    break;
                case JsonValueKind.Object:
                    foreach (var cell in valueElement.EnumerateObject())
                    {
                        var at = Position(cell.Name, cells, Fail);
                        values[at] = Number(cell.Value, at, Fail);
                    }
                    break;
                default:
                    throw Fail("'value' is neither an array nor an object");
            }
        }
        ApplyStatus(root, values, cells, Fail);
        var updated = root.TryGetProperty("updated", out var u) && u.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(u.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : (DateTimeOffset?)null;
        var datasetLabel = root.TryGetProperty("label", out var dl) ? dl.GetString() : null;
        var roles = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.Object)
        {
            foreach (var r in role.EnumerateObject().Where(r => r.Value.ValueKind == JsonValueKind.Array))
            {
                roles[r.Name] = r.Value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            }
        }
        return new JsonStatDataset(datasetLabel, updated, dimensions, values, roles);
    }

    private static List<string> Codes(JsonElement category, Dictionary<string, string> labels, string id, Func<string, SourceFormatException> fail)
    {
        if (!category.TryGetProperty("index", out var index))
        {
            // JSON-stat lets a single-category dimension leave out its index.
            return labels.Count == 1 ? [labels.Keys.First()] : throw fail($"dimension '{id}' has no category index");
        }
        switch (index.ValueKind)
        {
            case JsonValueKind.Array:
                return index.EnumerateArray().Select(e => e.GetString() ?? throw fail($"dimension '{id}': a category code is not a string")).ToList();
            case JsonValueKind.Object:
                var pairs = index.EnumerateObject()
                    .Select(p => (p.Name, Position: p.Value.TryGetInt32(out var n) ? n : throw fail($"dimension '{id}': category '{p.Name}' has no whole-number position")))
                    .OrderBy(p => p.Position)
                    .ToList();
                for (var i = 0; i < pairs.Count; i++)
                {
                    if (pairs[i].Position != i)
                    {
                        throw fail($"dimension '{id}': category positions are not 0..{pairs.Count - 1}");
                    }
                }
                return pairs.Select(p => p.Name).ToList();
            default:
                throw fail($"dimension '{id}': category index is neither an array nor an object");
        }
    }

    private static double? Number(JsonElement cell, long at, Func<string, SourceFormatException> fail) => cell.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => cell.GetDouble(),
        _ => throw fail($"value #{at} is {cell.ValueKind}, not a number or null"),
    };

    private static int Position(string text, long cells, Func<string, SourceFormatException> fail) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at < cells
            ? at
            : throw fail($"cell '{text}' is not a position below {cells}");

    private static void ApplyStatus(JsonElement root, double?[] values, long cells, Func<string, SourceFormatException> fail)
    {
        if (!root.TryGetProperty("status", out var status))
        {
            return;
        }
        void Apply(long at, string? symbol)
        {
            if (symbol is null)
            {
                return;
            }
            if (MissingSymbols.Contains(symbol))
            {
                values[at] = null;
            }
            else if (symbol == "-" && values[at] is null)
            {
                values[at] = 0;
            }
        }
        switch (status.ValueKind)
        {
            case JsonValueKind.String:
                for (var i = 0L; i < cells; i++)
                {
                    Apply(i, status.GetString());
                }
                break;
            case JsonValueKind.Array:
                var n = 0L;
                foreach (var symbol in status.EnumerateArray())
                {
                    if (n >= cells)
                    {
                        throw fail($"'status' holds more than the {cells} cells");
                    }
                    Apply(n++, symbol.ValueKind == JsonValueKind.String ? symbol.GetString() : null);
                }
                break;
            case JsonValueKind.Object:
                foreach (var symbol in status.EnumerateObject())
                {
                    Apply(Position(symbol.Name, cells, fail), symbol.Value.GetString());
                }
                break;
            case JsonValueKind.Null:
                break;
            default:
                throw fail("'status' is neither a string, an array nor an object");
        }
    }
}
