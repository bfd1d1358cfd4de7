using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Xml;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Streams GML 3.2 (and 3.1) feature collections with an <see cref="XmlReader"/>: WFS 2.0 GetFeature responses
/// (<c>wfs:member</c>) and SOSI files (<c>gml:featureMember</c>). One feature is in memory at a time.
/// </summary>
/// <remarks>
/// The reader is synchronous on purpose: <see cref="XmlReader"/>'s async path costs about twice the CPU per node,
/// and loads run one at a time, so a blocked thread is cheaper than the slower parse.
/// </remarks>
internal sealed class GmlStreamParser
{
    private const string Gml32 = "http://www.opengis.net/gml/3.2";
    private const string Gml31 = "http://www.opengis.net/gml";
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    private const string XlinkNamespace = "http://www.w3.org/1999/xlink";

    private readonly string _source;
    private readonly Stream _stream;
    private readonly string? _featureType;
    private readonly Crs? _fallbackCrs;
    private readonly NameTable _names = new();
    private readonly Dictionary<(string? Prefix, string Name), string> _paths = [];
    private readonly CoordinateScratch _scratch = new();
    private readonly List<double> _numbers = [];
    private readonly char[] _chars = new char[8192];
    private readonly string _gml32;
    private readonly string _gml31;
    private Dictionary<string, List<object?>>? _repeated;
    private long _index;
    private long _currentIndex;
    private string? _currentId;

    // Whether the reader is inside a feature: an error outside one (an empty file, a refused DTD) is about the file.
    private bool _inFeature;
    private int _lastPropertyCount = 8;
    private Crs? _collectionCrs;

    /// <param name="featureType">Keep only features with this local name (e.g. <c>KpArealformålOmråde</c>); null keeps all.</param>
    /// <param name="fallbackCrs">The CRS asked for (WFS <c>srsName</c>), used when a geometry and its ancestors declare none.</param>
    public GmlStreamParser(string source, Stream stream, long startIndex, string? featureType, Crs? fallbackCrs)
    {
        _source = source;
        _stream = stream;
        _index = startIndex;
        _currentIndex = startIndex;
        _featureType = featureType;
        _fallbackCrs = fallbackCrs;
        _gml32 = _names.Add(Gml32);
        _gml31 = _names.Add(Gml31);
    }

    /// <summary>Members counted in this document (WFS <c>numberReturned</c> is not trusted; it can say 0 with members present).</summary>
    public int MemberCount { get; private set; }

    public string? NumberMatched { get; private set; }

    public IEnumerable<SourceFeature> Read()
    {
        var settings = new XmlReaderSettings
        {
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            NameTable = _names,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(_stream, settings);
        // C# forbids yield inside try/catch, so the document walk is an inner iterator stepped under the catch.
        using var features = ReadDocument(reader);
        while (true)
        {
            bool more;
            try
            {
                more = features.MoveNext();
            }
            catch (XmlException ex)
            {
                throw new SourceFormatException(_source, _inFeature ? GeoJsonStreamParser.Label(_currentIndex, _currentId) : null,
                    $"malformed or truncated XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}", ex);
            }
            catch (IOException ex)
            {
                throw new SourceFormatException(_source, _inFeature ? GeoJsonStreamParser.Label(_currentIndex, _currentId) : null, $"the body could not be read to the end: {ex.Message}", ex);
            }
            catch (GeometryFormatException ex)
            {
                throw new SourceFormatException(_source, null, ex.Message, ex);
            }
            if (!more)
            {
                yield break;
            }
            yield return features.Current;
        }
    }

    private IEnumerator<SourceFeature> ReadDocument(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            throw new SourceFormatException(_source, null, "the document has no root element");
        }
        var rootName = reader.LocalName;
        if (IsExceptionReport(rootName))
        {
            throw ServiceException(reader);
        }
        if (!rootName.EndsWith("FeatureCollection", StringComparison.Ordinal))
        {
            // A document holding a single feature (GetFeatureById, or a one-feature file).
            if (TryReadFeature(reader, out var single))
            {
                yield return single;
            }
            yield break;
        }
        NumberMatched = reader.GetAttribute("numberMatched");
        if (reader.IsEmptyElement)
        {
            yield break;
        }
        var rootDepth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == rootDepth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            var name = reader.LocalName;
            if (name is "member" or "featureMember")
            {
                MemberCount++;
                foreach (var feature in ReadMemberChildren(reader))
                {
                    yield return feature;
                }
            }
            else if (name == "featureMembers")
            {
                foreach (var feature in ReadMemberChildren(reader))
                {
                    MemberCount++;
                    yield return feature;
                }
            }
            else if (name == "boundedBy")
            {
                _collectionCrs = ReadEnvelopeCrs(reader) ?? _collectionCrs;
            }
            else if (name == "truncatedResponse")
            {
                throw new SourceFormatException(_source, GeoJsonStreamParser.Label(_index, null),
                    "the service truncated its response (wfs:truncatedResponse); ask for smaller pages");
            }
            else if (IsExceptionReport(name))
            {
                throw ServiceException(reader);
            }
            else
            {
                reader.Skip();
            }
        }
        if (reader.EOF)
        {
            throw new SourceFormatException(_source, GeoJsonStreamParser.Label(_index, null), "the document ends before the feature collection is closed (truncated body)");
        }
    }

    private IEnumerable<SourceFeature> ReadMemberChildren(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            yield break;
        }
        var depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new SourceFormatException(_source, GeoJsonStreamParser.Label(_index, _currentId), "the document ends inside a feature (truncated body)");
            }
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            var name = reader.LocalName;
            if (IsExceptionReport(name))
            {
                throw ServiceException(reader);
            }
            if (name.EndsWith("FeatureCollection", StringComparison.Ordinal) || name == "Tuple")
            {
                // WFS 2.0 nests collections for joins and additional objects; plan and parcel layers never need them.
                reader.Skip();
                continue;
            }
            if (TryReadFeature(reader, out var feature))
            {
                yield return feature;
            }
        }
        reader.Read();
    }

    private bool TryReadFeature(XmlReader reader, out SourceFeature feature)
    {
        var typeName = reader.LocalName;
        var index = _index++;
        _currentIndex = index;
        _inFeature = true;
        if (_featureType is not null && !string.Equals(typeName, _featureType, StringComparison.Ordinal))
        {
            _currentId = null;
            reader.Skip();
            _inFeature = false;
            feature = null!;
            return false;
        }
        _currentId = reader.GetAttribute("id", _gml32) ?? reader.GetAttribute("id", _gml31) ?? reader.GetAttribute("fid");
        var properties = new Dictionary<string, object?>(_lastPropertyCount, StringComparer.Ordinal);
        Geometry? geometry = null;
        var context = new CrsContext(_collectionCrs ?? _fallbackCrs, null);
        try
        {
            if (!reader.IsEmptyElement)
            {
                var depth = reader.Depth;
                reader.Read();
                while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.EOF)
                    {
                        throw new GeometryFormatException("the document ends inside the feature (truncated body)");
                    }
                    if (reader.NodeType != XmlNodeType.Element)
                    {
                        reader.Read();
                        continue;
                    }
                    if (IsGml(reader.NamespaceURI))
                    {
                        if (reader.LocalName == "boundedBy")
                        {
                            var envelopeCrs = ReadEnvelopeCrs(reader);
                            if (envelopeCrs is not null)
                            {
                                context = context with { Crs = envelopeCrs };
                            }
                        }
                        else
                        {
                            reader.Skip();
                        }
                        continue;
                    }
                    ReadProperty(reader, null, properties, ref geometry, context);
                }
            }
            reader.Read();
            if (_repeated is { Count: > 0 })
            {
                foreach (var (path, values) in _repeated)
                {
                    properties[path] = JsonSerializer.Serialize(values);
                }
                _repeated.Clear();
            }
        }
        catch (GeometryFormatException ex)
        {
            throw new SourceFormatException(_source, GeoJsonStreamParser.Label(index, _currentId), ex.Message);
        }
        _lastPropertyCount = properties.Count;
        feature = new SourceFeature(index, _currentId, geometry, properties);
        _currentIndex = _index;
        _currentId = null;
        _inFeature = false;
        return true;
    }

    /// <summary>
    /// One property element. Its content is text (a value), an object element (Capitalized, whose name is skipped
    /// so that <c>arealplanId/NasjonalArealplanId/kommunenummer</c> becomes <c>arealplanId.kommunenummer</c>),
    /// a nested property (lower-case), or a GML geometry (which becomes the feature's geometry).
    /// </summary>
    private void ReadProperty(XmlReader reader, string? prefix, Dictionary<string, object?> properties, ref Geometry? geometry, CrsContext context)
    {
        var path = Path(prefix, reader.LocalName);
        var nil = reader.GetAttribute("nil", XsiNamespace) == "true";
        var href = reader.GetAttribute("href", XlinkNamespace);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            AddValue(properties, path, nil ? null : href);
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        string? text = null;
        var hadElement = false;
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new GeometryFormatException("the document ends inside the feature (truncated body)");
            }
            switch (reader.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                    text = text is null ? reader.Value : text + reader.Value;
                    reader.Read();
                    break;
                case XmlNodeType.Element:
                    hadElement = true;
                    if (IsGml(reader.NamespaceURI))
                    {
                        if (IsGeometry(reader.LocalName))
                        {
                            var read = ReadGeometry(reader, context);
                            if (geometry is null || read.Dimension > geometry.Dimension)
                            {
                                geometry = read;
                            }
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                    else if (char.IsUpper(reader.LocalName[0]))
                    {
                        ReadObject(reader, path, properties, ref geometry, context);
                    }
                    else
                    {
                        ReadProperty(reader, path, properties, ref geometry, context);
                    }
                    break;
                default:
                    reader.Read();
                    break;
            }
        }
        reader.Read();
        if (!hadElement)
        {
            AddValue(properties, path, nil ? null : text ?? href);
        }
    }

    private void ReadObject(XmlReader reader, string path, Dictionary<string, object?> properties, ref Geometry? geometry, CrsContext context)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new GeometryFormatException("the document ends inside the feature (truncated body)");
            }
            if (reader.NodeType == XmlNodeType.Element)
            {
                if (IsGml(reader.NamespaceURI))
                {
                    reader.Skip();
                }
                else
                {
                    ReadProperty(reader, path, properties, ref geometry, context);
                }
            }
            else
            {
                reader.Read();
            }
        }
        reader.Read();
    }

    private void AddValue(Dictionary<string, object?> properties, string path, string? value)
    {
        if (properties.TryGetValue(path, out var existing))
        {
            // A repeated property (app:formål three times) becomes a JSON list, as GeoJSON sources deliver lists.
            _repeated ??= [];
            if (!_repeated.TryGetValue(path, out var list))
            {
                _repeated[path] = list = [existing];
            }
            list.Add(value);
            return;
        }
        properties[path] = value;
    }

    private string Path(string? prefix, string localName)
    {
        if (!_paths.TryGetValue((prefix, localName), out var path))
        {
            path = prefix is null ? localName : string.Concat(prefix, ".", localName);
            _paths[(prefix, localName)] = path;
        }
        return path;
    }

    private bool IsGml(string namespaceUri) => ReferenceEquals(namespaceUri, _gml32) || ReferenceEquals(namespaceUri, _gml31);

    private static bool IsGeometry(string localName) => localName is "Point" or "LineString" or "Polygon" or "Surface"
        or "MultiSurface" or "MultiPolygon" or "MultiPoint" or "MultiCurve" or "MultiLineString" or "Curve"
        or "CompositeSurface" or "CompositeCurve" or "MultiGeometry" or "LinearRing" or "OrientableSurface"
        or "TriangulatedSurface" or "Tin" or "PolyhedralSurface";

    private static bool IsExceptionReport(string localName) => localName is "ExceptionReport" or "ServiceExceptionReport";

    private SourceFormatException ServiceException(XmlReader reader)
    {
        var messages = new List<string>();
        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            string? code = null;
            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "Exception" or "ServiceException")
                {
                    code = reader.GetAttribute("exceptionCode") ?? reader.GetAttribute("code");
                    var locator = reader.GetAttribute("locator");
                    if (locator is not null)
                    {
                        code = code is null ? locator : $"{code} ({locator})";
                    }
                    if (reader.LocalName == "ServiceException")
                    {
                        var text = reader.ReadElementContentAsString().Trim();
                        messages.Add(code is null ? text : $"{code}: {text}");
                        code = null;
                        continue;
                    }
                    reader.Read();
                    continue;
                }
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "ExceptionText")
                {
                    var text = reader.ReadElementContentAsString().Trim();
                    messages.Add(code is null ? text : $"{code}: {text}");
                    continue;
                }
                if (reader.NodeType == XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                reader.Read();
            }
            if (messages.Count == 0 && code is not null)
            {
                messages.Add(code);
            }
        }
        var label = MemberCount > 0 ? GeoJsonStreamParser.Label(_index, null) : null;
        return new SourceFormatException(_source, label,
            "the service answered with an exception report: " + (messages.Count == 0 ? "(no exception text)" : string.Join("; ", messages)));
    }

    private Crs? ReadEnvelopeCrs(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }
        Crs? found = null;
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Envelope")
            {
                var srsName = reader.GetAttribute("srsName");
                if (srsName is not null)
                {
                    found = ParseCrs(srsName);
                }
                reader.Skip();
                continue;
            }
            reader.Read();
        }
        reader.Read();
        return found;
    }

    private Crs ParseCrs(string srsName) =>
        Crs.TryParse(srsName, out var crs) ? crs : throw new GeometryFormatException(Crs.Unsupported(srsName));

    private readonly record struct CrsContext(Crs? Crs, int? Dimension);

    private CrsContext Enter(XmlReader reader, CrsContext context)
    {
        var srsName = reader.GetAttribute("srsName");
        if (srsName is not null)
        {
            var crs = ParseCrs(srsName);
            context = new CrsContext(crs, crs.Dimension == 3 ? 3 : context.Dimension);
        }
        var dimension = reader.GetAttribute("srsDimension");
        if (dimension is not null)
        {
            context = context with { Dimension = ParseDimension(dimension) };
        }
        return context;
    }

    private static int ParseDimension(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 2 and <= 4
            ? value
            : throw new GeometryFormatException($"srsDimension '{text}' is not 2, 3 or 4");

    private Geometry ReadGeometry(XmlReader reader, CrsContext context)
    {
        context = Enter(reader, context);
        var factory = Geometries.Factory(context.Crs?.Srid ?? 0);
        var name = reader.LocalName;
        switch (name)
        {
            case "Point":
            {
                _scratch.Clear();
                ReadPositions(reader, context);
                Geometries.Check(_scratch.Count == 1, $"gml:Point has {_scratch.Count} positions");
                return factory.CreatePoint(_scratch.ToSequence());
            }
            case "LineString":
            {
                _scratch.Clear();
                ReadPositions(reader, context);
                Geometries.Check(_scratch.Count != 1, "gml:LineString has a single position");
                return factory.CreateLineString(_scratch.ToSequence());
            }
            case "LinearRing":
            {
                _scratch.Clear();
                ReadPositions(reader, context);
                return factory.CreatePolygon(_scratch.ToRing(factory, "gml:LinearRing"));
            }
            case "Curve":
            case "CompositeCurve":
            {
                _scratch.Clear();
                ReadCurveInto(reader, context);
                return factory.CreateLineString(_scratch.ToSequence());
            }
            case "Polygon":
                return ReadPolygon(reader, context, factory);
            case "Surface":
            case "CompositeSurface":
            case "MultiSurface":
            case "MultiPolygon":
            case "OrientableSurface":
            case "TriangulatedSurface":
            case "Tin":
            case "PolyhedralSurface":
            {
                var polygons = new List<Polygon>();
                ReadSurfaces(reader, context, factory, polygons);
                return name == "Surface" && polygons.Count == 1 ? polygons[0] : factory.CreateMultiPolygon(polygons.ToArray());
            }
            case "MultiCurve":
            case "MultiLineString":
            case "MultiPoint":
            case "MultiGeometry":
            {
                var members = new List<Geometry>();
                ForEachChild(reader, child =>
                {
                    // curveMember / pointMember / geometryMember (and the plural forms) hold geometries directly.
                    ForEachChild(reader, _ =>
                    {
                        if (IsGml(reader.NamespaceURI) && IsGeometry(reader.LocalName))
                        {
                            members.Add(ReadGeometry(reader, context));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    });
                });
                return name switch
                {
                    "MultiPoint" => factory.CreateMultiPoint(members.OfType<Point>().ToArray()),
                    "MultiGeometry" => factory.CreateGeometryCollection(members.ToArray()),
                    _ => factory.CreateMultiLineString(members.SelectMany(Lines).ToArray()),
                };
            }
            default:
                throw new GeometryFormatException($"gml:{name} geometries are not supported");
        }
    }

    private static IEnumerable<LineString> Lines(Geometry geometry) => geometry switch
    {
        LineString line => [line],
        MultiLineString multi => multi.Geometries.Cast<LineString>(),
        _ => throw new GeometryFormatException($"a curve member holds a {geometry.GeometryType}"),
    };

    private void ReadSurfaces(XmlReader reader, CrsContext context, GeometryFactory factory, List<Polygon> polygons)
    {
        ForEachChild(reader, _ =>
        {
            var childName = reader.LocalName;
            if (childName is "Polygon" or "PolygonPatch" or "Triangle")
            {
                polygons.Add(ReadPolygon(reader, Enter(reader, context), factory));
            }
            else if (childName is "Surface" or "MultiSurface" or "CompositeSurface" or "OrientableSurface" or "MultiPolygon" or "TriangulatedSurface" or "Tin" or "PolyhedralSurface")
            {
                ReadSurfaces(reader, Enter(reader, context), factory, polygons);
            }
            else if (childName is "surfaceMember" or "surfaceMembers" or "polygonMember" or "polygonMembers" or "patches" or "trianglePatches" or "polygonPatches" or "baseSurface")
            {
                ReadSurfaces(reader, context, factory, polygons);
            }
            else
            {
                reader.Skip();
            }
        });
    }

    private Polygon ReadPolygon(XmlReader reader, CrsContext context, GeometryFactory factory)
    {
        context = Enter(reader, context);
        LinearRing? shell = null;
        List<LinearRing>? holes = null;
        ForEachChild(reader, _ =>
        {
            var boundary = reader.LocalName;
            var isShell = boundary is "exterior" or "outerBoundaryIs";
            if (!isShell && boundary is not ("interior" or "innerBoundaryIs"))
            {
                reader.Skip();
                return;
            }
            _scratch.Clear();
            ForEachChild(reader, _ =>
            {
                var ringContext = Enter(reader, context);
                if (reader.LocalName == "LinearRing")
                {
                    ReadPositions(reader, ringContext);
                }
                else if (reader.LocalName == "Ring")
                {
                    // gml:Ring/curveMember/(LineString|Curve): the members join end to start.
                    ForEachChild(reader, _ => ForEachChild(reader, _ => ReadCurveInto(reader, Enter(reader, ringContext))));
                }
                else
                {
                    throw new GeometryFormatException($"gml:{reader.LocalName} is not a ring");
                }
            });
            var what = isShell ? "exterior ring" : $"interior ring {(holes?.Count ?? 0) + 1}";
            var ring = _scratch.ToRing(factory, what);
            if (isShell)
            {
                shell = ring;
            }
            else
            {
                (holes ??= []).Add(ring);
            }
        });
        Geometries.Check(shell is not null || holes is null, "a polygon has interior rings but no exterior ring");
        return shell is null ? factory.CreatePolygon() : factory.CreatePolygon(shell, holes?.ToArray());
    }

    /// <summary>Appends a LineString, Curve (LineStringSegment segments) or CompositeCurve to the scratch buffer, skipping repeated join points.</summary>
    private void ReadCurveInto(XmlReader reader, CrsContext context)
    {
        switch (reader.LocalName)
        {
            case "LineString":
            case "LineStringSegment":
                ReadPositions(reader, context, join: true);
                break;
            case "Curve":
            case "CompositeCurve":
            case "segments":
            case "curveMember":
                ForEachChild(reader, _ => ReadCurveInto(reader, Enter(reader, context)));
                break;
            case "Arc":
            case "ArcString":
                ReadArcInto(reader, context);
                break;
            default:
                throw new GeometryFormatException($"gml:{reader.LocalName} curve segments are not supported (straight segments, gml:Arc and gml:ArcString are)");
        }
    }

    /// <summary>An arc string's points (start, middle, end, middle, end...) become straight segments along the circle.</summary>
    private void ReadArcInto(XmlReader reader, CrsContext context)
    {
        var name = reader.LocalName;
        var start = _scratch.Count;
        ReadPositions(reader, context);
        var count = _scratch.Count - start;
        if (count < 3 || count % 2 == 0 || (name == "Arc" && count != 3))
        {
            throw new GeometryFormatException($"gml:{name} has {count} positions; an arc needs 3 (an arc string 3, 5, 7...)");
        }
        Span<double> points = count <= 64 ? stackalloc double[count * 2] : new double[count * 2];
        for (var i = 0; i < count; i++)
        {
            points[i * 2] = _scratch.X(start + i);
            points[(i * 2) + 1] = _scratch.Y(start + i);
        }
        _scratch.Truncate(start);
        if (!(start > 0 && _scratch.LastEquals(points[0], points[1])))
        {
            _scratch.Add(points[0], points[1]);
        }
        for (var i = 0; i + 2 < count; i += 2)
        {
            Arcs.Linearize(_scratch, points[i * 2], points[(i * 2) + 1], points[(i + 1) * 2], points[((i + 1) * 2) + 1], points[(i + 2) * 2], points[((i + 2) * 2) + 1]);
        }
    }

    /// <summary>Reads posList / pos / coordinates children (or the element itself when it is one) into the scratch buffer.</summary>
    private void ReadPositions(XmlReader reader, CrsContext context, bool join = false)
    {
        context = Enter(reader, context);
        ForEachChild(reader, _ =>
        {
            var name = reader.LocalName;
            if (name is "posList" or "pos" or "coordinates")
            {
                var own = reader.GetAttribute("srsDimension");
                var dimension = own is not null ? ParseDimension(own) : context.Dimension;
                _numbers.Clear();
                ReadNumbers(reader);
                if (name == "pos")
                {
                    dimension ??= _numbers.Count;
                }
                AddPositions(dimension ?? 2, context.Crs?.LatitudeFirst == true, join);
            }
            else if (name is "pointProperty" or "pointRep")
            {
                ForEachChild(reader, _ => ReadPositions(reader, context));
            }
            else if (name == "Point")
            {
                ReadPositions(reader, context);
            }
            else
            {
                reader.Skip();
            }
        });
    }

    private void AddPositions(int dimension, bool latitudeFirst, bool skipRepeatedJoin)
    {
        if (_numbers.Count % dimension != 0)
        {
            throw new GeometryFormatException($"a coordinate list has {_numbers.Count} numbers, which is not a multiple of srsDimension {dimension}");
        }
        var start = 0;
        if (skipRepeatedJoin && _numbers.Count >= dimension && _scratch.Count > 0 && _scratch.LastEquals(latitudeFirst ? _numbers[1] : _numbers[0], latitudeFirst ? _numbers[0] : _numbers[1]))
        {
            start = dimension;
        }
        for (var i = start; i < _numbers.Count; i += dimension)
        {
            if (latitudeFirst)
            {
                _scratch.Add(_numbers[i + 1], _numbers[i]);
            }
            else
            {
                _scratch.Add(_numbers[i], _numbers[i + 1]);
            }
        }
    }

    /// <summary>Parses the element's text as numbers in chunks, never as one string: a posList can run to megabytes.</summary>
    private void ReadNumbers(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        var carry = 0;
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new GeometryFormatException("the document ends inside a coordinate list (truncated body)");
            }
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                int read;
                while ((read = reader.ReadValueChunk(_chars, carry, _chars.Length - carry)) > 0)
                {
                    var length = carry + read;
                    var consumed = ParseNumbers(_chars.AsSpan(0, length), final: false);
                    carry = length - consumed;
                    if (carry == _chars.Length)
                    {
                        throw new GeometryFormatException("a coordinate list holds a token longer than 8192 characters");
                    }
                    Array.Copy(_chars, consumed, _chars, 0, carry);
                }
                ParseNumbers(_chars.AsSpan(0, carry), final: true);
                carry = 0;
                reader.Read();
            }
            else
            {
                throw new GeometryFormatException($"a coordinate list contains an element <{reader.Name}>");
            }
        }
        reader.Read();
    }

    /// <returns>How many characters were consumed; a number cut at the end of a chunk is left for the next chunk.</returns>
    // Coordinates are most of a GML file: skipping the tiered JIT's unoptimised first versions of this loop pays.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ParseNumbers(ReadOnlySpan<char> text, bool final)
    {
        var i = 0;
        var consumed = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSeparator(text[i]))
            {
                i++;
            }
            consumed = i;
            if (i == text.Length)
            {
                break;
            }
            var start = i;
            while (i < text.Length && !IsSeparator(text[i]))
            {
                i++;
            }
            if (i == text.Length && !final)
            {
                return start;
            }
            var token = text[start..i];
            if (!TryParsePlainDecimal(token, out var value)
                && (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)))
            {
                throw new GeometryFormatException($"non-numeric coordinate '{(token.Length > 40 ? token[..40].ToString() + "…" : token.ToString())}'");
            }
            _numbers.Add(value);
            consumed = i;
        }
        return consumed;
    }

    /// <summary>
    /// The common coordinate form, an optionally signed decimal of at most 15 digits without exponent, exactly as
    /// <see cref="double.Parse(string)"/> reads it: the digits as an integer below 2^53 and a power of ten up to 10^22
    /// are both exact doubles, so their quotient is the correctly rounded value. Anything else returns false.
    /// </summary>
    internal static bool TryParsePlainDecimal(ReadOnlySpan<char> token, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (token.Length > 0 && token[0] is '-' or '+')
        {
            negative = token[0] == '-';
            i = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < token.Length; i++)
        {
            var c = token[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (c == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }
        if (digits is 0 or > 15)
        {
            return false;
        }
        value = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        if (negative)
        {
            value = -value;
        }
        return true;
    }

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSeparator(char c) => c is ' ' or '\n' or '\r' or '\t' or ',';

    /// <summary>Calls <paramref name="onChild"/> with the reader on each child element; the callback must consume the element.</summary>
    private static void ForEachChild(XmlReader reader, Action<XmlReader> onChild)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new GeometryFormatException("the document ends inside a geometry (truncated body)");
            }
            if (reader.NodeType == XmlNodeType.Element)
            {
                onChild(reader);
            }
            else
            {
                reader.Read();
            }
        }
        reader.Read();
    }
}
