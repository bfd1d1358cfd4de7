using System.Globalization;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// A coordinate reference system as a source declared it: the EPSG code the loader hands to ST_Transform,
/// and whether coordinates arrive latitude first (EPSG axis order for geographic CRSs in URN/URI form).
/// </summary>
internal readonly record struct Crs(int Srid, bool LatitudeFirst, int Dimension = 2)
{
    /// <summary>RFC 7946: GeoJSON without a declaration is CRS84 (longitude, latitude).</summary>
    public static readonly Crs Crs84 = new(4326, false);

    /// <summary>
    /// Codes ST_Transform can take from a Norwegian plan or map service. Anything else is refused up front, so a
    /// typo or an exotic CRS stops the load with a clear message instead of failing deep inside PostGIS.
    /// </summary>
    private static readonly HashSet<int> Geographic = [4326, 4258, 4230, 4273];

    private static readonly Dictionary<int, int> CompoundToHorizontal = new()
    {
        // ETRS89 / UTM + NN2000 height: the horizontal part is what the plan tables store.
        [5972] = 25832,
        [5973] = 25833,
        [5975] = 25835,
    };

    public static string SupportedList => "EPSG:4326, 4258, 4230, 4273, 25831–25836, 32631–32636, 3857, 3035, 5105–5130, 27391–27398, 5972/5973/5975 (3D), CRS84";

    public static bool IsSupported(int code) =>
        Geographic.Contains(code)
        || code is >= 25831 and <= 25836
        || code is >= 32631 and <= 32636
        || code is 3857 or 3035
        || code is >= 5105 and <= 5130
        || code is >= 27391 and <= 27398
        || CompoundToHorizontal.ContainsKey(code);

    /// <summary>
    /// Reads <c>EPSG:25833</c>, <c>urn:ogc:def:crs:EPSG::25833</c>, <c>urn:ogc:def:crs:EPSG:6.6:4326</c>,
    /// <c>http://www.opengis.net/def/crs/EPSG/0/25833</c>, <c>http://www.opengis.net/gml/srs/epsg.xml#25833</c>,
    /// CRS84 in its URN/URI forms, and any of them in angle brackets (the OGC API <c>Content-Crs</c> header).
    /// </summary>
    /// <returns>false when the text is not a CRS reference this parser knows, or names an unsupported code.</returns>
    public static bool TryParse(string? text, out Crs crs)
    {
        crs = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var value = text.Trim();
        if (value.StartsWith('<') && value.EndsWith('>'))
        {
            value = value[1..^1].Trim();
        }

        if (value.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase)
            && (value.Length == 5 || value.Contains("OGC", StringComparison.OrdinalIgnoreCase)))
        {
            crs = Crs84;
            return true;
        }

        int code;
        bool authorityOrder;
        if (value.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase))
        {
            // The short form is the traditional longitude/x-first convention (GeoServer, OGR).
            authorityOrder = false;
            if (!int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out code))
            {
                return false;
            }
        }
        else if (value.StartsWith("urn:ogc:def:crs:EPSG:", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("urn:x-ogc:def:crs:EPSG:", StringComparison.OrdinalIgnoreCase))
        {
            authorityOrder = true;
            var last = value.LastIndexOf(':');
            if (!int.TryParse(value.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out code))
            {
                return false;
            }
        }
        else if (value.Contains("opengis.net/def/crs/EPSG/", StringComparison.OrdinalIgnoreCase))
        {
            authorityOrder = true;
            var last = value.LastIndexOf('/');
            if (!int.TryParse(value.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out code))
            {
                return false;
            }
        }
        else if (value.Contains("opengis.net/gml/srs/epsg.xml#", StringComparison.OrdinalIgnoreCase))
        {
            authorityOrder = false;
            var hash = value.LastIndexOf('#');
            if (!int.TryParse(value.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out code))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (!IsSupported(code))
        {
            return false;
        }
        if (CompoundToHorizontal.TryGetValue(code, out var horizontal))
        {
            crs = new Crs(horizontal, false, 3);
            return true;
        }
        crs = new Crs(code, authorityOrder && Geographic.Contains(code));
        return true;
    }

    public static Crs FromEpsg(int code) =>
        TryParse("EPSG:" + code.ToString(CultureInfo.InvariantCulture), out var crs)
            ? crs
            : throw new ArgumentOutOfRangeException(nameof(code), code, $"EPSG:{code} is not a supported CRS ({SupportedList}).");

    public static string Unsupported(string text) => $"CRS '{text}' is not supported (supported: {SupportedList})";
}
