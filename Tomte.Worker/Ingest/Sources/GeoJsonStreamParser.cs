using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// Streams a GeoJSON FeatureCollection (a file or one OGC API items page) feature by feature. Only the bytes of
/// the feature being parsed are held: the top level is walked with a resumable <see cref="Utf8JsonReader"/>, and
/// each feature, once all its bytes are in the buffer, is parsed in one synchronous pass.
/// </summary>
internal sealed class GeoJsonStreamParser
{
    private const int InitialBufferSize = 1 << 20;
    private const int MaxFeatureBytes = 1 << 30;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    private readonly string _source;
    private readonly Stream _stream;
    private readonly bool _crsFixedByCaller;
    private readonly List<SourceFeature> _batch = [];
    private readonly GeoJsonFeatureParser _features;

    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private bool _final;
    private bool _firstFill = true;
    private JsonReaderState _state;
    private Phase _phase = Phase.BeforeRoot;
    private long _nextIndex;
    private string? _rootType;
    private bool _sawFeatures;
    private string? _errorCode;
    private string? _errorDescription;
    private byte[]? _rootId;
    private byte[]? _rootProperties;
    private byte[]? _rootGeometry;

    /// <param name="crs">The CRS the transport declared (OGC API <c>Content-Crs</c>); null for files, which may carry a legacy <c>crs</c> member.</param>
    public GeoJsonStreamParser(string source, Stream stream, long startIndex, Crs? crs)
    {
        _source = source;
        _stream = stream;
        _nextIndex = startIndex;
        _crsFixedByCaller = crs is not null;
        _features = new GeoJsonFeatureParser(source, crs ?? Crs.Crs84);
        _state = new JsonReaderState(ReaderOptions);
    }

    private enum Phase
    {
        BeforeRoot,
        InRoot,
        InFeatures,
        Done,
    }

    /// <summary>The <c>rel=next</c> link of an OGC API items page, once the page has been read.</summary>
    public string? NextLink { get; private set; }

    /// <summary>Features read from this document.</summary>
    public int FeatureCount { get; private set; }

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            while (true)
            {
                bool done;
                SourceFormatException? failure = null;
                try
                {
                    done = ParseAvailable();
                }
                catch (SourceFormatException ex)
                {
                    // The features parsed before the bad one still go out first, in order.
                    failure = ex;
                    done = true;
                }
                for (var i = 0; i < _batch.Count; i++)
                {
                    yield return _batch[i];
                }
                _batch.Clear();
                if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }
                if (done)
                {
                    break;
                }
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_final)
        {
            throw Truncated("the document ends before the JSON is complete");
        }
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxFeatureBytes)
            {
                throw new SourceFormatException(_source, FeatureLabel.Of(_nextIndex, null), $"a single JSON value is larger than {MaxFeatureBytes / (1 << 20)} MB");
            }
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        // Fill the whole buffer before parsing again: re-scanning a partly arrived feature after every small
        // network read would cost time quadratic in the feature's size.
        var readAny = false;
        try
        {
            while (_end < _buffer.Length)
            {
                var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _final = true;
                    break;
                }
                _end += read;
                readAny = true;
            }
        }
        catch (IOException ex)
        {
            throw new SourceFormatException(_source, FeatureLabel.Of(_nextIndex, null), $"the body could not be read to the end: {ex.Message}", ex);
        }
        if (!readAny)
        {
            return;
        }
        if (_firstFill && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = 3;
        }
        _firstFill = _end < 3;
    }

    /// <summary>Parses whatever complete values the buffer holds; returns true when the document is finished.</summary>
    private bool ParseAvailable()
    {
        if (_phase == Phase.Done)
        {
            return true;
        }
        var span = _buffer.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(span, _final, _state);
        var checkpoint = 0L;
        var checkpointState = _state;
        try
        {
            while (true)
            {
                checkpoint = reader.BytesConsumed;
                checkpointState = reader.CurrentState;
                switch (_phase)
                {
                    case Phase.BeforeRoot:
                        if (!reader.Read())
                        {
                            goto NeedMore;
                        }
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new SourceFormatException(_source, null, $"expected a GeoJSON object, found {reader.TokenType}");
                        }
                        _phase = Phase.InRoot;
                        break;

                    case Phase.InRoot:
                        if (!reader.Read())
                        {
                            goto NeedMore;
                        }
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            Finish();
                            _phase = Phase.Done;
                            _start += (int)reader.BytesConsumed;
                            return true;
                        }
                        if (reader.ValueTextEquals("features"u8))
                        {
                            if (!reader.Read())
                            {
                                goto NeedMore;
                            }
                            if (reader.TokenType == JsonTokenType.Null)
                            {
                                break;
                            }
                            if (reader.TokenType != JsonTokenType.StartArray)
                            {
                                throw new SourceFormatException(_source, null, $"'features' is a {reader.TokenType}, not an array");
                            }
                            _phase = Phase.InFeatures;
                            _sawFeatures = true;
                            break;
                        }
                        var member = RootMember.Other;
                        if (reader.ValueTextEquals("type"u8)) member = RootMember.Type;
                        else if (reader.ValueTextEquals("crs"u8)) member = RootMember.Crs;
                        else if (reader.ValueTextEquals("links"u8)) member = RootMember.Links;
                        else if (reader.ValueTextEquals("id"u8)) member = RootMember.Id;
                        else if (reader.ValueTextEquals("properties"u8)) member = RootMember.Properties;
                        else if (reader.ValueTextEquals("geometry"u8)) member = RootMember.Geometry;
                        else if (reader.ValueTextEquals("code"u8)) member = RootMember.Code;
                        else if (reader.ValueTextEquals("description"u8)) member = RootMember.Description;
                        if (!reader.Read())
                        {
                            goto NeedMore;
                        }
                        var valueStart = (int)reader.TokenStartIndex;
                        if (!reader.TrySkip())
                        {
                            goto NeedMore;
                        }
                        RootValue(member, span[valueStart..(int)reader.BytesConsumed]);
                        break;

                    case Phase.InFeatures:
                        if (!reader.Read())
                        {
                            goto NeedMore;
                        }
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            _phase = Phase.InRoot;
                            break;
                        }
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new SourceFormatException(_source, FeatureLabel.Of(_nextIndex, null), $"expected a Feature object, found {reader.TokenType}");
                        }
                        var featureStart = (int)reader.TokenStartIndex;
                        if (!reader.TrySkip())
                        {
                            goto NeedMore;
                        }
                        _batch.Add(_features.Parse(span[featureStart..(int)reader.BytesConsumed], _nextIndex));
                        _nextIndex++;
                        FeatureCount++;
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw Truncated($"malformed or truncated JSON ({ex.Message})", ex);
        }

    NeedMore:
        if (_final)
        {
            throw Truncated("the document ends before the JSON is complete");
        }
        _start += (int)checkpoint;
        _state = checkpointState;
        return false;
    }

    private enum RootMember
    {
        Other,
        Type,
        Crs,
        Links,
        Id,
        Properties,
        Geometry,
        Code,
        Description,
    }

    private void RootValue(RootMember member, ReadOnlySpan<byte> json)
    {
        switch (member)
        {
            case RootMember.Type:
                _rootType = ReadString(json);
                if (_rootType is not ("FeatureCollection" or "Feature"))
                {
                    throw new SourceFormatException(_source, null, $"type is '{_rootType}', expected FeatureCollection or Feature");
                }
                break;
            case RootMember.Crs:
                DeclareCrs(json);
                break;
            case RootMember.Links:
                NextLink = FindNextLink(json);
                break;
            case RootMember.Id:
                _rootId = json.ToArray();
                break;
            case RootMember.Properties:
                _rootProperties = json.ToArray();
                break;
            case RootMember.Geometry:
                _rootGeometry = json.ToArray();
                break;
            case RootMember.Code:
                _errorCode = ReadString(json);
                break;
            case RootMember.Description:
                _errorDescription = ReadString(json);
                break;
            case RootMember.Other:
            default:
                break;
        }
    }

    private void Finish()
    {
        if (_rootType is null && !_sawFeatures)
        {
            var reason = _errorDescription is not null
                ? $"the service answered with an error instead of features: {_errorCode}: {_errorDescription}"
                : "the document has no 'type'; it is not a GeoJSON FeatureCollection or Feature";
            throw new SourceFormatException(_source, null, reason);
        }
        if (_rootType == "Feature")
        {
            // A single Feature document (an OGC API item): rebuild it from the members kept while walking the root.
            using var combined = new MemoryStream();
            combined.Write("{\"type\":\"Feature\""u8);
            if (_rootId is not null)
            {
                combined.Write(",\"id\":"u8);
                combined.Write(_rootId);
            }
            if (_rootProperties is not null)
            {
                combined.Write(",\"properties\":"u8);
                combined.Write(_rootProperties);
            }
            if (_rootGeometry is not null)
            {
                combined.Write(",\"geometry\":"u8);
                combined.Write(_rootGeometry);
            }
            combined.Write("}"u8);
            _batch.Add(_features.Parse(combined.GetBuffer().AsSpan(0, (int)combined.Length), _nextIndex));
            _nextIndex++;
            FeatureCount++;
        }
    }

    private void DeclareCrs(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        string? name = null;
        string? type = null;
        using (var doc = JsonDocument.Parse(json.ToArray()))
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    type = t.GetString();
                }
                if (root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
                {
                    if (p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                    {
                        name = n.GetString();
                    }
                    else if (p.TryGetProperty("code", out var c) && c.ValueKind is JsonValueKind.Number or JsonValueKind.String)
                    {
                        name = "EPSG:" + c.ToString();
                    }
                    else if (p.TryGetProperty("href", out var h) && h.ValueKind == JsonValueKind.String)
                    {
                        name = h.GetString();
                    }
                }
            }
        }
        if (!Crs.TryParse(name, out var crs))
        {
            throw new SourceFormatException(_source, null, Crs.Unsupported(name ?? $"(crs member of type '{type}')"));
        }
        if (_crsFixedByCaller)
        {
            return;
        }
        // Legacy GeoJSON (2008) files: coordinates stay x/longitude first whatever the CRS URN says.
        crs = crs with { LatitudeFirst = false };
        if (FeatureCount > 0 && crs != _features.Crs)
        {
            throw new SourceFormatException(_source, null, $"the 'crs' member ({name}) comes after {FeatureCount} features that were read as EPSG:{_features.Crs.Srid}; put it before 'features'");
        }
        _features.Crs = crs;
    }

    private static string? FindNextLink(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        string? best = null;
        var bestIsJson = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? rel = null, href = null, type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("rel"u8) ? 1 : reader.ValueTextEquals("href"u8) ? 2 : reader.ValueTextEquals("type"u8) ? 3 : 0;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    switch (name)
                    {
                        case 1: rel = reader.GetString(); break;
                        case 2: href = reader.GetString(); break;
                        case 3: type = reader.GetString(); break;
                        default: break;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            if (rel == "next" && href is not null)
            {
                var isJson = type is null || type.Contains("json", StringComparison.OrdinalIgnoreCase);
                if (best is null || (isJson && !bestIsJson))
                {
                    best = href;
                    bestIsJson = isJson;
                }
            }
        }
        return best;
    }

    private static string? ReadString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            _ => null,
        };
    }

    private SourceFormatException Truncated(string reason, Exception? inner = null) =>
        new(_source, FeatureLabel.Of(_nextIndex, null), reason, inner);
}
