using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>What to fetch from a WFS 2.0 service.</summary>
/// <param name="TypeName">The feature type as the service names it, e.g. <c>app:Teig</c>.</param>
public sealed record WfsQuery(string TypeName)
{
    /// <summary>Only features inside this box (EPSG:25833), e.g. a kommune border's bounding box.</summary>
    public Envelope? Bbox { get; init; }

    /// <summary>The CRS asked for with <c>srsName</c>; also assumed for geometries that declare none.</summary>
    public int Crs { get; init; } = 25833;

    /// <summary>Further vendor parameters (e.g. <c>namespaces</c>), added as they are.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }
}

/// <summary>
/// WFS 2.0 GetFeature paged by <c>startIndex</c>/<c>count</c> until a page holds fewer than <c>count</c> members
/// (counted in the body: <c>numberMatched</c> may be "unknown" and <c>numberReturned</c> wrong).
/// </summary>
public sealed class WfsSource : IFeatureSource
{
    private const string GmlAccept = "application/gml+xml; version=3.2, text/xml;q=0.9, application/xml;q=0.8";

    private readonly HttpClient _http;
    private readonly SourceEndpointOptions _endpoint;
    private readonly WfsQuery _query;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly Uri _service;

    /// <param name="http">A client from <see cref="FeatureServices"/> (resilience handler included); tests may pass their own.</param>
    /// <param name="httpOptions">Its <see cref="SourceHttpOptions.AttemptTimeout"/> also bounds how long the body may stall.</param>
    public WfsSource(HttpClient http, SourceEndpointOptions endpoint, WfsQuery query, ILogger<WfsSource>? logger = null, SourceHttpOptions? httpOptions = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.TypeName);
        _http = http;
        _endpoint = endpoint;
        _query = query;
        _logger = logger ?? NullLogger<WfsSource>.Instance;
        _idleTimeout = (httpOptions ?? new SourceHttpOptions()).AttemptTimeout;
        _time = time ?? TimeProvider.System;
        _service = new Uri(endpoint.BaseUrl, UriKind.Absolute);
        Description = SourceHttp.Redact(PageUri(0));
    }

    public string Description { get; }

    private Uri PageUri(long startIndex)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("service", "WFS"),
            new("version", "2.0.0"),
            new("request", "GetFeature"),
            new("typeNames", _query.TypeName),
            new("srsName", "EPSG:" + _query.Crs.ToString(CultureInfo.InvariantCulture)),
            new("count", _endpoint.PageSize.ToString(CultureInfo.InvariantCulture)),
            new("startIndex", startIndex.ToString(CultureInfo.InvariantCulture)),
        };
        if (_query.Bbox is { } bbox)
        {
            parameters.Add(new("bbox", string.Create(CultureInfo.InvariantCulture, $"{bbox.MinX},{bbox.MinY},{bbox.MaxX},{bbox.MaxY},urn:ogc:def:crs:EPSG::25833")));
        }
        if (_query.Parameters is not null)
        {
            parameters.AddRange(_query.Parameters);
        }
        return SourceHttp.WithQuery(_service, parameters);
    }

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fallback = Crs.FromEpsg(_query.Crs);
        var pageSize = _endpoint.PageSize;
        var startIndex = 0L;
        var page = 0;
        string? firstIdOfFirstPage = null;
        while (true)
        {
            page++;
            var uri = PageUri(startIndex);
            var source = SourceHttp.Redact(uri);
            _logger.RequestingPage(page, source);
            using var request = SourceHttp.Get(uri, _endpoint, _service, GmlAccept);
            using var response = await SourceHttp.SendAsync(_http, request, source, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var stream = new BufferedStream(new IdleTimeoutStream(body, _idleTimeout, _time), 1 << 16);
            int members;
            await using (stream.ConfigureAwait(false))
            {
                var parser = new GmlStreamParser(source, stream, startIndex, fallback);
                var first = true;
                foreach (var feature in parser.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (first)
                    {
                        first = false;
                        if (page == 1)
                        {
                            firstIdOfFirstPage = feature.Id;
                        }
                        else if (feature.Id is not null && feature.Id == firstIdOfFirstPage)
                        {
                            // A service with ImplementsResultPaging=FALSE answers every startIndex with page one.
                            throw new SourceFormatException(source, FeatureLabel.Of(feature.Index, feature.Id),
                                $"the service ignores startIndex (page {page} starts with the first feature again); ask for a smaller bbox or a larger {SourcesOptions.Section} PageSize");
                        }
                    }
                    yield return feature;
                }
                members = parser.MemberCount;
            }
            _logger.PageRead(page, source, members);
            startIndex += members;
            if (members < pageSize)
            {
                break;
            }
        }
        _logger.SourceRead(Description, startIndex, page);
    }
}
