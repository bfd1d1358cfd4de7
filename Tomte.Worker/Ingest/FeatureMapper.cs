using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Tomte.Worker.Ingest;

/// <summary>A feature mapped onto its dataset's columns, geometry as EWKB (2D) ready for COPY.</summary>
/// <param name="RefusedParts">Members of a geometry collection that are not polygons, left out (reported, never silently).</param>
public sealed record MappedFeature(long Index, string Kommunenummer, string SourceId, object?[] Values, byte[] Ewkb, int RefusedParts = 0);

/// <summary>
/// Maps source features onto a dataset: tolerant about names (aliases), strict about what is required.
/// Every refusal is a <see cref="SourceFormatException"/> naming the source, the feature and the attribute.
/// </summary>
public sealed class FeatureMapper(Dataset dataset, string source, int? defaultSrid)
{
    /// <summary>
    /// Set by a reader on a feature whose identity it could not resolve (a dangling SOSI 5.0 xlink:href), with the reason:
    /// mapping that feature fails with it.
    /// </summary>
    public const string UnresolvedReference = "@unresolved";

    // EWKB carries the SRID; Z is dropped because every table is 2D.
    private readonly WKBWriter _writer = new(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false);

    /// <param name="kommunenummer">The kommune the command asked for; fills features that carry no kommune attribute.</param>
    public MappedFeature Map(SourceFeature feature, string? kommunenummer)
    {
        if (feature.Properties.TryGetValue(UnresolvedReference, out var unresolved) && unresolved is string reason)
        {
            throw Fail(feature, reason);
        }
        var kommune = FirstValue(feature, dataset.KommuneKeys) is { } value
            ? NormalizeKommune(feature, value)
            : kommunenummer ?? throw Fail(feature, $"missing required attribute '{dataset.KommuneKeys[0]}' (kommunenummer) and no --kommune was given");

        var sourceId = FirstValue(feature, Dataset.SourceIdKeys) is { } id
            ? System.Convert.ToString(id, CultureInfo.InvariantCulture)!
            : feature.Id ?? $"#{feature.Index}";

        var values = new object?[dataset.Columns.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var column = dataset.Columns[i];
            var key = column.Keys.FirstOrDefault(k => feature.Properties.TryGetValue(k, out var v) && v is not null && v is not string { Length: 0 });
            var raw = key is null ? column.Derive?.Invoke(feature) : feature.Properties[key];
            if (raw is null)
            {
                if (column.Required)
                {
                    throw Fail(feature, $"missing required attribute '{column.Keys[0]}' ({column.Column})");
                }
                continue;
            }
            var attribute = key ?? column.Keys[0];
            try
            {
                raw = column.Clean is { } clean ? clean(raw) : raw;
            }
            catch (FormatException ex)
            {
                throw Fail(feature, $"attribute '{attribute}': {ex.Message}");
            }
            values[i] = ToColumnValue(feature, column, attribute, raw);
        }

        var (ewkb, refused) = Geometry(feature);
        return new MappedFeature(feature.Index, kommune, sourceId, values, ewkb, refused);
    }

    private (byte[] Ewkb, int RefusedParts) Geometry(SourceFeature feature)
    {
        var geometry = feature.Geometry ?? throw Fail(feature, "has no geometry");
        if (geometry.IsEmpty)
        {
            throw Fail(feature, "has an empty geometry");
        }
        var refused = 0;
        if (dataset.Geometry == GeometryKind.Polygon && geometry.OgcGeometryType == OgcGeometryType.GeometryCollection)
        {
            // A collection is split into its polygons; what else it holds is counted and reported, and a collection
            // without any polygon is refused like a bare point.
            var polygons = new List<Polygon>();
            var others = new List<string>();
            Split(geometry, polygons, others);
            if (polygons.Count == 0)
            {
                throw Fail(feature, $"has a GeometryCollection without a polygon ({string.Join(", ", others)}); dataset {dataset.Name} takes polygons");
            }
            refused = others.Count;
            var srid = geometry.SRID;
            geometry = geometry.Factory.CreateMultiPolygon([.. polygons]);
            geometry.SRID = srid;
        }
        var expected = dataset.Geometry switch
        {
            GeometryKind.Point => geometry is Point or MultiPoint,
            GeometryKind.Line => geometry is LineString or MultiLineString,
            _ => geometry is Polygon or MultiPolygon,
        };
        if (!expected)
        {
            var takes = dataset.Geometry switch { GeometryKind.Point => "points", GeometryKind.Line => "lines", _ => "polygons" };
            throw Fail(feature, $"has a {geometry.GeometryType} geometry; dataset {dataset.Name} takes {takes}");
        }
        if (defaultSrid is { } given && geometry.SRID > 0 && geometry.SRID != given)
        {
            throw Fail(feature, $"the source declares EPSG:{geometry.SRID} (a GeoJSON file without a crs member is CRS84, EPSG:4326), but --epsg {given} was given; leave out --epsg or correct the file");
        }
        if (geometry.SRID <= 0)
        {
            if (defaultSrid is not { } srid)
            {
                throw Fail(feature, "geometry has no CRS (SRID 0); give the CRS of the source");
            }
            geometry = geometry.Copy();
            geometry.SRID = srid;
        }
        return (_writer.Write(geometry), refused);
    }

    private static void Split(Geometry geometry, List<Polygon> polygons, List<string> others)
    {
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            switch (geometry.GetGeometryN(i))
            {
                case Polygon polygon:
                    polygons.Add(polygon);
                    break;
                case GeometryCollection nested when nested.OgcGeometryType is OgcGeometryType.GeometryCollection or OgcGeometryType.MultiPolygon:
                    Split(nested, polygons, others);
                    break;
                case var other:
                    others.Add(other.GeometryType);
                    break;
            }
        }
    }

    private object ToColumnValue(SourceFeature feature, ColumnMapping column, string key, object raw)
    {
        switch (column.Type)
        {
            case ColumnType.Text:
                return System.Convert.ToString(raw, CultureInfo.InvariantCulture)!;
            case ColumnType.Integer:
                switch (raw)
                {
                    case long l when l is >= int.MinValue and <= int.MaxValue:
                        return (int)l;
                    case int i:
                        return i;
                    case double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue:
                        return (int)d;
                    case string s when int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                        return parsed;
                    default:
                        throw Fail(feature, $"attribute '{key}' is '{raw}', not a whole number");
                }
            case ColumnType.Date:
                var text = System.Convert.ToString(raw, CultureInfo.InvariantCulture)!.Trim();
                if (text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }
                if (text.Length == 8 && DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                {
                    return date;
                }
                throw Fail(feature, $"attribute '{key}' is '{raw}', not a date (yyyy-mm-dd)");
            default:
                throw new InvalidOperationException($"unknown column type {column.Type}");
        }
    }

    // NAP pads "301" to "0301"; numbers arrive as long from JSON.
    private string NormalizeKommune(SourceFeature feature, object value)
    {
        var text = System.Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim();
        if (text.Length == 3)
        {
            text = "0" + text;
        }
        return text.Length == 4 && text.All(char.IsAsciiDigit)
            ? text
            : throw Fail(feature, $"kommunenummer '{value}' is not a four-digit kommune number");
    }

    private SourceFormatException Fail(SourceFeature feature, string reason) =>
        new(source, FeatureLabel.Of(feature), reason);

    public static object? FirstValue(SourceFeature feature, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            if (feature.Properties.TryGetValue(key, out var value) && value is not null && value is not string { Length: 0 })
            {
                return value;
            }
        }
        return null;
    }
}
