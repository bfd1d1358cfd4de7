using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Parses one GeoJSON Feature whose bytes are all in memory. Kept per source so that property-path strings,
/// boxed small numbers and the coordinate scratch buffer are reused from feature to feature.
/// </summary>
internal sealed class GeoJsonFeatureParser
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    private readonly string _source;
    private readonly PropertyPathCache _paths = new();
    private readonly CoordinateScratch _scratch = new();
    private GeometryFactory _factory;
    private Crs _crs;
    private int _lastPropertyCount = 8;

    public GeoJsonFeatureParser(string source, Crs crs)
    {
        _source = source;
        _crs = crs;
        _factory = Geometries.Factory(crs.Srid);
    }

    public Crs Crs
    {
        get => _crs;
        set
        {
            _crs = value;
            _factory = Geometries.Factory(value.Srid);
        }
    }

    public SourceFeature Parse(ReadOnlySpan<byte> json, long index)
    {
        string? id = null;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            reader.Read();
            Geometry? geometry = null;
            var properties = new Dictionary<string, object?>(_lastPropertyCount, StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("Feature"u8))
                    {
                        throw new GeometryFormatException($"type is {Describe(ref reader)}, expected \"Feature\"");
                    }
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                }
                else if (reader.ValueTextEquals("properties"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        _paths.BeginFeature();
                        ReadObject(ref reader, json, properties, null);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        throw new GeometryFormatException($"properties is {Describe(ref reader)}, expected an object");
                    }
                }
                else if (reader.ValueTextEquals("geometry"u8))
                {
                    reader.Read();
                    geometry = ReadGeometry(ref reader, json);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            _lastPropertyCount = properties.Count;
            return new SourceFeature(index, id, geometry, properties);
        }
        catch (GeometryFormatException ex)
        {
            throw new SourceFormatException(_source, FeatureLabel.Of(index, id ?? FindId(json)), ex.Message);
        }
        catch (JsonException ex)
        {
            throw new SourceFormatException(_source, FeatureLabel.Of(index, id ?? FindId(json)), $"malformed JSON ({ex.Message})", ex);
        }
    }

    private void ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, Dictionary<string, object?> properties, string? prefix)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var path = _paths.Get(ref reader, prefix);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ReadObject(ref reader, json, properties, path);
                    break;
                case JsonTokenType.StartArray:
                    // Lists keep their JSON text: the tables that need them parse it; nothing flat would be faithful.
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    properties[path] = CompactJson(json[start..(int)reader.BytesConsumed]);
                    break;
                case JsonTokenType.String:
                    properties[path] = reader.GetString();
                    break;
                case JsonTokenType.Number:
                    properties[path] = reader.TryGetInt64(out var whole) ? Values.Box(whole) : reader.GetDouble();
                    break;
                case JsonTokenType.True:
                    properties[path] = Values.True;
                    break;
                case JsonTokenType.False:
                    properties[path] = Values.False;
                    break;
                default:
                    properties[path] = null;
                    break;
            }
        }
    }

    private static string CompactJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        return JsonSerializer.Serialize(document.RootElement, CompactOptions);
    }

    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private Geometry? ReadGeometry(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new GeometryFormatException($"geometry is {Describe(ref reader)}, expected an object");
        }
        var kind = GeometryKind.Unknown;
        var coordinatesAt = -1;
        List<Geometry>? members = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                kind = ParseKind(ref reader);
            }
            else if (reader.ValueTextEquals("coordinates"u8))
            {
                reader.Read();
                if (kind != GeometryKind.Unknown)
                {
                    Geometries.Check(reader.TokenType == JsonTokenType.StartArray, "coordinates is not an array");
                    var built = ReadCoordinates(ref reader, kind);
                    return FinishObject(ref reader, built);
                }
                // 'coordinates' before 'type': come back to it once the type is known.
                coordinatesAt = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("geometries"u8))
            {
                reader.Read();
                Geometries.Check(reader.TokenType == JsonTokenType.StartArray, "geometries is not an array");
                members = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var member = ReadGeometry(ref reader, json);
                    if (member is not null)
                    {
                        members.Add(member);
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        switch (kind)
        {
            case GeometryKind.Unknown:
                throw new GeometryFormatException("geometry has no type");
            case GeometryKind.GeometryCollection:
                return _factory.CreateGeometryCollection(members?.ToArray() ?? []);
            default:
                if (coordinatesAt < 0)
                {
                    throw new GeometryFormatException($"{kind} geometry has no coordinates");
                }
                var later = new Utf8JsonReader(json[coordinatesAt..], ReaderOptions);
                later.Read();
                Geometries.Check(later.TokenType == JsonTokenType.StartArray, "coordinates is not an array");
                return ReadCoordinates(ref later, kind);
        }
    }

    private static Geometry FinishObject(ref Utf8JsonReader reader, Geometry geometry)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            reader.Skip();
        }
        return geometry;
    }

    private static GeometryKind ParseKind(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("Polygon"u8)) return GeometryKind.Polygon;
            if (reader.ValueTextEquals("MultiPolygon"u8)) return GeometryKind.MultiPolygon;
            if (reader.ValueTextEquals("Point"u8)) return GeometryKind.Point;
            if (reader.ValueTextEquals("LineString"u8)) return GeometryKind.LineString;
            if (reader.ValueTextEquals("MultiLineString"u8)) return GeometryKind.MultiLineString;
            if (reader.ValueTextEquals("MultiPoint"u8)) return GeometryKind.MultiPoint;
            if (reader.ValueTextEquals("GeometryCollection"u8)) return GeometryKind.GeometryCollection;
        }
        throw new GeometryFormatException($"geometry type {Describe(ref reader)} is not a GeoJSON geometry type");
    }

    private Geometry ReadCoordinates(ref Utf8JsonReader reader, GeometryKind kind)
    {
        switch (kind)
        {
            case GeometryKind.Point:
                _scratch.Clear();
                ReadPosition(ref reader);
                return _factory.CreatePoint(_scratch.ToSequence());
            case GeometryKind.LineString:
                return ReadLineString(ref reader);
            case GeometryKind.Polygon:
                return ReadPolygon(ref reader);
            case GeometryKind.MultiPoint:
            {
                var points = new List<Point>();
                while (NextArray(ref reader))
                {
                    _scratch.Clear();
                    ReadPosition(ref reader);
                    points.Add(_factory.CreatePoint(_scratch.ToSequence()));
                }
                return _factory.CreateMultiPoint(points.ToArray());
            }
            case GeometryKind.MultiLineString:
            {
                var lines = new List<LineString>();
                while (NextArray(ref reader))
                {
                    lines.Add(ReadLineString(ref reader));
                }
                return _factory.CreateMultiLineString(lines.ToArray());
            }
            case GeometryKind.MultiPolygon:
            {
                var polygons = new List<Polygon>();
                var number = 0;
                while (NextArray(ref reader))
                {
                    number++;
                    try
                    {
                        polygons.Add(ReadPolygon(ref reader));
                    }
                    catch (GeometryFormatException ex)
                    {
                        throw new GeometryFormatException($"polygon {number} of the MultiPolygon: {ex.Message}");
                    }
                }
                return _factory.CreateMultiPolygon(polygons.ToArray());
            }
            case GeometryKind.Unknown:
            case GeometryKind.GeometryCollection:
            default:
                throw new GeometryFormatException($"{kind} has no coordinates");
        }
    }

    private LineString ReadLineString(ref Utf8JsonReader reader)
    {
        _scratch.Clear();
        while (NextArray(ref reader))
        {
            ReadPosition(ref reader);
        }
        if (_scratch.Count == 1)
        {
            throw new GeometryFormatException("a LineString has a single position; it needs at least 2");
        }
        return _factory.CreateLineString(_scratch.ToSequence());
    }

    private Polygon ReadPolygon(ref Utf8JsonReader reader)
    {
        LinearRing? shell = null;
        List<LinearRing>? holes = null;
        var ringNumber = 0;
        while (NextArray(ref reader))
        {
            ringNumber++;
            _scratch.Clear();
            while (NextArray(ref reader))
            {
                ReadPosition(ref reader);
            }
            var ring = _scratch.ToRing(_factory, ringNumber == 1 ? "exterior ring" : $"interior ring {ringNumber - 1}");
            if (shell is null)
            {
                shell = ring;
            }
            else
            {
                (holes ??= []).Add(ring);
            }
        }
        return shell is null ? _factory.CreatePolygon() : _factory.CreatePolygon(shell, holes?.ToArray());
    }

    /// <summary>Moves into the next element of the current array; false at its end. Anything but an array is an error.</summary>
    private static bool NextArray(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return false;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new GeometryFormatException($"coordinates hold {Describe(ref reader)} where an array was expected");
        }
        return true;
    }

    private void ReadPosition(ref Utf8JsonReader reader)
    {
        double x, y;
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out x))
        {
            throw reader.TokenType == JsonTokenType.StartArray
                ? new GeometryFormatException("coordinates are nested deeper than the geometry type allows")
                : new GeometryFormatException($"non-numeric coordinate {Describe(ref reader)}");
        }
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out y))
        {
            throw new GeometryFormatException(reader.TokenType == JsonTokenType.EndArray
                ? "a position has only one number"
                : $"non-numeric coordinate {Describe(ref reader)}");
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw new GeometryFormatException($"non-numeric coordinate {Describe(ref reader)}");
            }
        }
        if (_crs.LatitudeFirst)
        {
            _scratch.Add(y, x);
        }
        else
        {
            _scratch.Add(x, y);
        }
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "\"" + Truncate(reader.GetString()) + "\"",
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString(),
    };

    private static string? Truncate(string? value) => value is { Length: > 40 } ? value[..40] + "…" : value;

    private static string? FindId(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    return reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The id is only for the message; a feature too broken to show one is named by its index.
        }
        return null;
    }

    private enum GeometryKind
    {
        Unknown,
        Point,
        LineString,
        Polygon,
        MultiPoint,
        MultiLineString,
        MultiPolygon,
        GeometryCollection,
    }
}

/// <summary>Turns UTF-8 property names into dotted path strings once per distinct name and position, not per feature.</summary>
internal sealed class PropertyPathCache
{
    private Entry[] _entries = new Entry[32];
    private int _ordinal;

    public void BeginFeature() => _ordinal = 0;

    public string Get(ref Utf8JsonReader reader, string? prefix)
    {
        var ordinal = _ordinal++;
        if (ordinal < _entries.Length)
        {
            var entry = _entries[ordinal];
            if (entry.Path is not null && ReferenceEquals(entry.Prefix, prefix) && reader.ValueTextEquals(entry.Utf8Name))
            {
                return entry.Path;
            }
        }
        else
        {
            Array.Resize(ref _entries, Math.Max(_entries.Length * 2, ordinal + 1));
        }
        var name = reader.GetString()!;
        var path = prefix is null ? name : string.Concat(prefix, ".", name);
        _entries[ordinal] = new Entry(prefix, Encoding.UTF8.GetBytes(name), path);
        return path;
    }

    private readonly record struct Entry(string? Prefix, byte[] Utf8Name, string? Path);
}

/// <summary>Boxed values shared between features: most attribute numbers are small codes.</summary>
internal static class Values
{
    public static readonly object True = true;
    public static readonly object False = false;
    private static readonly object[] SmallLongs = Enumerable.Range(0, 10_000).Select(i => (object)(long)i).ToArray();

    public static object Box(long value) => value is >= 0 and < 10_000 ? SmallLongs[value] : value;
}
