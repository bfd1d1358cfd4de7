using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Entur's national stop register (NSR) as NeTEx, Nordic profile: a <c>PublicationDelivery</c> whose
/// <c>SiteFrame/stopPlaces</c> holds one <c>StopPlace</c> per stop, streamed one stop place at a time
/// (the national file is well over 100 MB). Each stop place becomes a WGS84 point (EPSG:4326, X = longitude)
/// from its own <c>Centroid</c>; quays, validity and key lists are not kept, only the number of quays.
/// </summary>
/// <remarks>
/// Multimodal parent stop places (<c>IS_PARENT_STOP_PLACE</c> in their key list, or already named by a child's
/// <c>ParentSiteRef</c>) group child stop places that carry their own centroids. A parent with a centroid is read
/// like any stop place; one without is skipped and listed in <see cref="SkippedParents"/>: its children already
/// cover the place, so nothing is lost. Any other stop place without coordinates is an error.
/// </remarks>
public sealed class NetexStopPlaceReader : IFeatureSource
{
    public const string Namespace = "http://www.netex.org.uk/netex";

    private readonly string _path;
    private readonly List<string> _skippedParents = [];

    public NetexStopPlaceReader(string path) => _path = Path.GetFullPath(path);

    public string Description => _path;

    /// <summary>Ids of parent stop places skipped for want of a centroid, in file order (filled while reading).</summary>
    public IReadOnlyList<string> SkippedParents => _skippedParents;

    /// <summary>Whether the file's root element is a NeTEx <c>PublicationDelivery</c>; reads only up to that element.</summary>
    public static bool IsNetex(string path)
    {
        using var stream = FileSources.OpenRead(path, bufferSize: 4096);
        try
        {
            using var reader = XmlReader.Create(stream, Settings(new NameTable()));
            return reader.MoveToContent() == XmlNodeType.Element
                && reader.LocalName == "PublicationDelivery"
                && reader.NamespaceURI == Namespace;
        }
        catch (XmlException)
        {
            // Not well-formed up to the root: the GML reader reports it with its own message.
            return false;
        }
    }

    // Synchronous XmlReader, as in GmlStreamParser: the async path costs about twice the CPU per node.
    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _skippedParents.Clear();
        var stream = FileSources.OpenRead(_path, bufferSize: 1 << 16);
        await using (stream.ConfigureAwait(false))
        {
            var parse = new Parse(_path, _skippedParents);
            using var reader = XmlReader.Create(stream, Settings(parse.Names));
            // C# forbids yield inside try/catch, so the document walk is an inner iterator stepped under the catch.
            using var features = parse.Document(reader);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool more;
                try
                {
                    more = features.MoveNext();
                }
                catch (XmlException ex)
                {
                    throw new SourceFormatException(_path, parse.Label,
                        $"malformed or truncated XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}", ex);
                }
                if (!more)
                {
                    yield break;
                }
                yield return features.Current;
            }
        }
    }

    private static XmlReaderSettings Settings(XmlNameTable names) => new()
    {
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        NameTable = names,
        CloseInput = false,
    };

    private sealed class Parse(string source, List<string> skippedParents)
    {
        private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

        private readonly HashSet<string> _namedParents = new(StringComparer.Ordinal);
        private long _index;
        private string? _id;

        public NameTable Names { get; } = new();

        /// <summary>The stop place being read (or the next one, between stop places), for error messages.</summary>
        public string Label => FeatureLabel.Of(_index, _id);

        public IEnumerator<SourceFeature> Document(XmlReader reader)
        {
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "PublicationDelivery" || reader.NamespaceURI != Namespace)
            {
                throw new SourceFormatException(source, null,
                    $"the root element is {reader.LocalName} in '{reader.NamespaceURI}', not a NeTEx PublicationDelivery ({Namespace})");
            }
            while (reader.Read())
            {
                // Stop places sit in SiteFrame/stopPlaces, whether the SiteFrame is in dataObjects or a CompositeFrame.
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "stopPlaces" && reader.NamespaceURI == Namespace && !reader.IsEmptyElement)
                {
                    var depth = reader.Depth;
                    reader.Read();
                    while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "StopPlace" && reader.NamespaceURI == Namespace)
                        {
                            var feature = StopPlace(reader);
                            _index++;
                            _id = null;
                            if (feature is not null)
                            {
                                yield return feature;
                            }
                        }
                        else if (reader.NodeType == XmlNodeType.Element)
                        {
                            reader.Skip();
                        }
                        else
                        {
                            reader.Read();
                        }
                    }
                }
            }
        }

        /// <summary>Reads one StopPlace element and leaves the reader after it; null for a skipped parent.</summary>
        private SourceFeature? StopPlace(XmlReader reader)
        {
            _id = reader.GetAttribute("id");
            if (string.IsNullOrWhiteSpace(_id))
            {
                throw new SourceFormatException(source, Label, "StopPlace has no id attribute");
            }
            var version = reader.GetAttribute("version");
            string? name = null, mode = null, type = null, topographicRef = null, parentRef = null;
            string? longitude = null, latitude = null;
            var hasCentroid = false;
            var isParent = _namedParents.Contains(_id);
            long quays = 0;

            if (reader.IsEmptyElement)
            {
                reader.Read();
            }
            else
            {
                var depth = reader.Depth;
                reader.Read();
                while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Namespace)
                    {
                        if (reader.NodeType == XmlNodeType.Element)
                        {
                            reader.Skip();
                        }
                        else
                        {
                            reader.Read();
                        }
                        continue;
                    }
                    switch (reader.LocalName)
                    {
                        case "Name":
                            name = Text(reader);
                            break;
                        case "TransportMode":
                            mode = Text(reader);
                            break;
                        case "StopPlaceType":
                            type = Text(reader);
                            break;
                        case "TopographicPlaceRef":
                            topographicRef = reader.GetAttribute("ref");
                            reader.Skip();
                            break;
                        case "ParentSiteRef":
                            parentRef = reader.GetAttribute("ref");
                            if (!string.IsNullOrWhiteSpace(parentRef))
                            {
                                _namedParents.Add(parentRef);
                            }
                            reader.Skip();
                            break;
                        case "Centroid":
                            hasCentroid = true;
                            (longitude, latitude) = Location(reader);
                            break;
                        case "keyList":
                            isParent |= ParentFlag(reader);
                            break;
                        case "quays":
                            quays = Quays(reader);
                            break;
                        default:
                            // ValidBetween, AccessibilityAssessment, tariffZones, alternativeNames...: not used.
                            reader.Skip();
                            break;
                    }
                }
                reader.Read();
            }

            if (longitude is null || latitude is null)
            {
                if (isParent && !hasCentroid)
                {
                    skippedParents.Add(_id);
                    return null;
                }
                throw new SourceFormatException(source, Label,
                    hasCentroid ? "Centroid/Location lacks Longitude or Latitude" : "StopPlace has no Centroid/Location (no coordinates)");
            }
            var lon = Coordinate(longitude, "Longitude", 180);
            var lat = Coordinate(latitude, "Latitude", 90);

            var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = name,
                ["transportMode"] = mode,
                ["stopPlaceType"] = type,
                ["quayCount"] = quays,
                ["version"] = version,
            };
            if (topographicRef is not null)
            {
                properties["topographicPlaceRef"] = topographicRef;
                if (Kommunenummer(topographicRef) is { } kommune)
                {
                    properties["kommunenummer"] = kommune;
                }
            }
            if (parentRef is not null)
            {
                properties["parentSiteRef"] = parentRef;
            }
            if (isParent)
            {
                properties["isParentStopPlace"] = true;
            }
            return new SourceFeature(_index, _id, Wgs84.CreatePoint(new Coordinate(lon, lat)), properties);
        }

        private double Coordinate(string text, string element, double limit)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || Math.Abs(value) > limit)
            {
                throw new SourceFormatException(source, Label, $"{element} '{text}' is not a WGS84 degree value within ±{limit}");
            }
            return value;
        }

        // Entur refers to kommuner as KVE:TopographicPlace:<kommunenummer> (four digits); fylker have two.
        private static string? Kommunenummer(string reference)
        {
            var colon = reference.LastIndexOf(':');
            var tail = reference[(colon + 1)..];
            return tail.Length == 4 && tail.All(char.IsAsciiDigit) ? tail : null;
        }

        private static string? Text(XmlReader reader)
        {
            var text = reader.ReadElementContentAsString().Trim();
            return text.Length == 0 ? null : text;
        }

        /// <summary>Centroid/Location/{Longitude, Latitude}; leaves the reader after Centroid.</summary>
        private static (string? Longitude, string? Latitude) Location(XmlReader reader)
        {
            string? longitude = null, latitude = null;
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return (null, null);
            }
            var depth = reader.Depth;
            reader.Read();
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Namespace && reader.LocalName is "Longitude" or "Latitude")
                {
                    var isLongitude = reader.LocalName == "Longitude";
                    var value = Text(reader);
                    if (isLongitude)
                    {
                        longitude = value;
                    }
                    else
                    {
                        latitude = value;
                    }
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName != "Location")
                {
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                }
            }
            reader.Read();
            return (longitude, latitude);
        }

        /// <summary>Whether keyList holds IS_PARENT_STOP_PLACE = true (Entur marks multimodal parents so).</summary>
        private static bool ParentFlag(XmlReader reader)
        {
            var parent = false;
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return false;
            }
            var depth = reader.Depth;
            reader.Read();
            string? key = null;
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Key")
                {
                    key = Text(reader);
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Value")
                {
                    var value = Text(reader);
                    parent |= key == "IS_PARENT_STOP_PLACE" && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
                }
                else
                {
                    reader.Read();
                }
            }
            reader.Read();
            return parent;
        }

        private static long Quays(XmlReader reader)
        {
            long count = 0;
            if (reader.IsEmptyElement)
            {
                reader.Read();
                return 0;
            }
            var depth = reader.Depth;
            reader.Read();
            while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    count += reader.LocalName == "Quay" ? 1 : 0;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                }
            }
            reader.Read();
            return count;
        }
    }
}
