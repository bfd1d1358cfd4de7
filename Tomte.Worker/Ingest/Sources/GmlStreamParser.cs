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
    private readonly Crs? _fallbackCrs;
    private readonly NameTable _names = new();
    private readonly Dictionary<(string? Prefix, string Name), string> _paths = [];
    private readonly GmlGeometryReader _geometry;
    private readonly string _gml32;
    private readonly string _gml31;
    private readonly bool _skipGeometry;
    private Dictionary<string, List<object?>>? _repeated;
    private long _index;
    private long _currentIndex;
    private string? _currentId;

    // Whether the reader is inside a feature: an error outside one (an empty file, a refused DTD) is about the file.
    private bool _inFeature;
    private int _lastPropertyCount = 8;
    private Crs? _collectionCrs;

    /// <param name="fallbackCrs">The CRS asked for (WFS <c>srsName</c>), used when a geometry and its ancestors declare none.</param>
    /// <param name="skipGeometry">Attributes only: every geometry is skipped unread (a read-ahead for references).</param>
    public GmlStreamParser(string source, Stream stream, long startIndex, Crs? fallbackCrs, bool skipGeometry = false)
    {
        _skipGeometry = skipGeometry;
        _source = source;
        _stream = stream;
        _index = startIndex;
        _currentIndex = startIndex;
        _fallbackCrs = fallbackCrs;
        _gml32 = _names.Add(Gml32);
        _gml31 = _names.Add(Gml31);
        _geometry = new GmlGeometryReader(_gml32, _gml31);
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
                throw new SourceFormatException(_source, _inFeature ? FeatureLabel.Of(_currentIndex, _currentId) : null,
                    $"malformed or truncated XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}", ex);
            }
            catch (IOException ex)
            {
                throw new SourceFormatException(_source, _inFeature ? FeatureLabel.Of(_currentIndex, _currentId) : null, $"the body could not be read to the end: {ex.Message}", ex);
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
            yield return ReadFeature(reader);
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
                throw new SourceFormatException(_source, FeatureLabel.Of(_index, null),
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
            throw new SourceFormatException(_source, FeatureLabel.Of(_index, null), "the document ends before the feature collection is closed (truncated body)");
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
                throw new SourceFormatException(_source, FeatureLabel.Of(_index, _currentId), "the document ends inside a feature (truncated body)");
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
            yield return ReadFeature(reader);
        }
        reader.Read();
    }

    private SourceFeature ReadFeature(XmlReader reader)
    {
        // Atomized by the name table: carrying the type costs no allocation per feature.
        var typeName = reader.LocalName;
        var index = _index++;
        _currentIndex = index;
        _inFeature = true;
        _currentId = reader.GetAttribute("id", _gml32) ?? reader.GetAttribute("id", _gml31) ?? reader.GetAttribute("fid");
        var properties = new Dictionary<string, object?>(_lastPropertyCount, StringComparer.Ordinal);
        Geometry? geometry = null;
        var context = new GmlCrsContext(_collectionCrs ?? _fallbackCrs, null);
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
            throw new SourceFormatException(_source, FeatureLabel.Of(index, _currentId), ex.Message);
        }
        _lastPropertyCount = properties.Count;
        var feature = new SourceFeature(index, _currentId, geometry, properties, typeName);
        _currentIndex = _index;
        _currentId = null;
        _inFeature = false;
        return feature;
    }

    /// <summary>
    /// One property element. Its content is text (a value), an object element (Capitalized, whose name is skipped
    /// so that <c>arealplanId/NasjonalArealplanId/kommunenummer</c> becomes <c>arealplanId.kommunenummer</c>),
    /// a nested property (lower-case), or a GML geometry (which becomes the feature's geometry).
    /// </summary>
    private void ReadProperty(XmlReader reader, string? prefix, Dictionary<string, object?> properties, ref Geometry? geometry, GmlCrsContext context)
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
                        if (GmlGeometryReader.IsGeometry(reader.LocalName) && !_skipGeometry)
                        {
                            var read = _geometry.Read(reader, context);
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

    private void ReadObject(XmlReader reader, string path, Dictionary<string, object?> properties, ref Geometry? geometry, GmlCrsContext context)
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

    private static bool IsExceptionReport(string localName) => OwsExceptionReport.IsRoot(localName);

    private SourceFormatException ServiceException(XmlReader reader)
    {
        var label = MemberCount > 0 ? FeatureLabel.Of(_index, null) : null;
        return new SourceFormatException(_source, label, "the service answered with an exception report: " + OwsExceptionReport.Read(reader));
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
                    found = GmlGeometryReader.ParseCrs(srsName);
                }
                reader.Skip();
                continue;
            }
            reader.Read();
        }
        reader.Read();
        return found;
    }

}
