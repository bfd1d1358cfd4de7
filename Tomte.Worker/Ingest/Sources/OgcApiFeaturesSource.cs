using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>What to fetch from an OGC API Features service.</summary>
/// <param name="Collection">The collection id, e.g. <c>kpomrade</c> or <c>rpomrade</c>.</param>
public sealed record OgcApiFeaturesQuery(string Collection)
{
    /// <summary>Path of the service below the endpoint's BaseUrl, e.g. <c>kommuneplaner</c> or <c>reguleringsplaner/vn2</c>.</summary>
    public string? ServicePath { get; init; }

    /// <summary>Only this kommune: by the property filter when the collection's queryables allow it, else by <see cref="Bbox"/>.</summary>
    public string? Kommunenummer { get; init; }

    /// <summary>The queryable that holds the kommunenummer.</summary>
    public string KommunenummerProperty { get; init; } = "arealplanId.kommunenummer";

    /// <summary>The kommune border's bounding box in EPSG:25833 (or any bbox to fetch), sent as <c>bbox</c> + <c>bbox-crs</c>.</summary>
    public Envelope? Bbox { get; init; }

    /// <summary>The CRS asked for with <c>crs</c>; the answer's <c>Content-Crs</c> header decides what the features carry.</summary>
    public int Crs { get; init; } = 25833;
}

/// <summary>
/// Pages through <c>{service}/collections/{collection}/items</c> of an OGC API Features service (pygeoapi, as DiBK's
/// NAP runs it) by following <c>rel=next</c> links, streaming each page's features as they arrive.
/// </summary>
public sealed class OgcApiFeaturesSource : IFeatureSource
{
    private const string GeoJsonAccept = "application/geo+json, application/json;q=0.9";

    private readonly HttpClient _http;
    private readonly SourceEndpointOptions _endpoint;
    private readonly OgcApiFeaturesQuery _query;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly Uri _service;
    private readonly Uri _items;

    /// <param name="http">A client from <see cref="FeatureServices"/> (resilience handler included); tests may pass their own.</param>
    /// <param name="httpOptions">Its <see cref="SourceHttpOptions.AttemptTimeout"/> also bounds how long the body may stall.</param>
    public OgcApiFeaturesSource(HttpClient http, SourceEndpointOptions endpoint, OgcApiFeaturesQuery query, ILogger<OgcApiFeaturesSource>? logger = null, SourceHttpOptions? httpOptions = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.Collection);
        _http = http;
        _endpoint = endpoint;
        _query = query;
        _logger = logger ?? NullLogger<OgcApiFeaturesSource>.Instance;
        _idleTimeout = (httpOptions ?? new SourceHttpOptions()).AttemptTimeout;
        _time = time ?? TimeProvider.System;
        _service = SourceHttp.BaseUri(endpoint.BaseUrl, query.ServicePath);
        _items = new Uri(_service, $"collections/{Uri.EscapeDataString(query.Collection)}/items");
        Description = SourceHttp.Redact(SourceHttp.WithQuery(_items, BaseParameters(withKommune: true)));
    }

    public string Description { get; }

    private static string CrsUri(int code) => "http://www.opengis.net/def/crs/EPSG/0/" + code.ToString(CultureInfo.InvariantCulture);

    private List<KeyValuePair<string, string>> BaseParameters(bool withKommune)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("f", "json"),
            new("limit", _endpoint.PageSize.ToString(CultureInfo.InvariantCulture)),
            new("crs", CrsUri(_query.Crs)),
        };
        if (withKommune && _query.Kommunenummer is not null)
        {
            parameters.Add(new(_query.KommunenummerProperty, _query.Kommunenummer));
        }
        return parameters;
    }

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = BaseParameters(withKommune: false);
        var useBbox = _query.Bbox is not null;
        if (_query.Kommunenummer is not null)
        {
            if (await IsQueryableAsync(_query.KommunenummerProperty, cancellationToken).ConfigureAwait(false))
            {
                parameters.Add(new(_query.KommunenummerProperty, _query.Kommunenummer));
                useBbox = false;
                _logger.KommuneFilter(Description, _query.Kommunenummer, _query.KommunenummerProperty);
            }
            else if (!useBbox)
            {
                throw new SourceFormatException(Description, null,
                    $"'{_query.KommunenummerProperty}' is not a queryable of collection {_query.Collection} and no kommune bbox was given to filter by");
            }
            else
            {
                _logger.KommuneFilter(Description, _query.Kommunenummer, "bbox");
            }
        }
        if (useBbox)
        {
            var bbox = _query.Bbox!;
            parameters.Add(new("bbox", string.Create(CultureInfo.InvariantCulture, $"{bbox.MinX},{bbox.MinY},{bbox.MaxX},{bbox.MaxY}")));
            parameters.Add(new("bbox-crs", CrsUri(25833)));
        }

        var current = SourceHttp.WithQuery(_items, parameters);
        var index = 0L;
        var page = 0;
        while (true)
        {
            page++;
            var source = SourceHttp.Redact(current);
            _logger.RequestingPage(page, source);
            using var request = SourceHttp.Get(current, _endpoint, _service, GeoJsonAccept);
            using var response = await SourceHttp.SendAsync(_http, request, source, cancellationToken).ConfigureAwait(false);
            var crs = ContentCrs(response, source);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var stream = new IdleTimeoutStream(body, _idleTimeout, _time);
            string? next;
            var count = 0;
            await using (stream.ConfigureAwait(false))
            {
                if (response.Content.Headers.ContentType?.MediaType is { } mediaType && mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase))
                {
                    // A proxy or the server's own error page in XML, with HTTP 200: surface its exception text.
                    foreach (var _ in new GmlStreamParser(source, stream, index, null).Read())
                    {
                        break;
                    }
                    throw new SourceFormatException(source, null, $"the service answered with {mediaType}, not GeoJSON");
                }
                if (response.Content.Headers.ContentType?.MediaType is { } html && html.Contains("html", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SourceFormatException(source, null, $"the service answered with {html} (a login or error page?), not GeoJSON");
                }
                var parser = new GeoJsonStreamParser(source, stream, index, crs);
                await foreach (var feature in parser.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    CheckAxes(feature, source);
                    count++;
                    yield return feature;
                }
                next = parser.NextLink;
            }
            index += count;
            _logger.PageRead(page, source, count);
            if (count == 0 || next is null)
            {
                break;
            }
            var following = NextUri(current, next, parameters);
            if (following == current)
            {
                throw new SourceFormatException(source, null, "the next link points back to the same page");
            }
            current = following;
        }
        _logger.SourceRead(Description, index, page);
    }

    /// <summary>
    /// pygeoapi's next link drops <c>f</c> (and a server may drop others): the link's own parameters win, and any of
    /// ours it lacks are put back so that paging keeps the same CRS, filter and format.
    /// </summary>
    private static Uri NextUri(Uri current, string next, List<KeyValuePair<string, string>> ours)
    {
        var uri = new Uri(current, next);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            present.Add(Uri.UnescapeDataString(equals < 0 ? part : part[..equals]));
        }
        var missing = ours.Where(p => !present.Contains(p.Key)).ToList();
        return missing.Count == 0 ? uri : SourceHttp.WithQuery(uri, missing);
    }

    private Crs ContentCrs(HttpResponseMessage response, string source)
    {
        if (!response.Headers.TryGetValues("Content-Crs", out var values) && !response.Content.Headers.TryGetValues("Content-Crs", out values))
        {
            // RFC 7946: GeoJSON without a declaration is CRS84; CheckAxes catches a server that sent projected numbers anyway.
            return Crs.Crs84;
        }
        var text = string.Join(",", values);
        return Crs.TryParse(text, out var crs)
            ? crs
            : throw new SourceFormatException(source, null, $"Content-Crs: {Crs.Unsupported(text.Trim().TrimStart('<').TrimEnd('>'))}");
    }

    private static void CheckAxes(SourceFeature feature, string source)
    {
        if (feature.Geometry is { SRID: 4326 or 4258 } geometry && !geometry.IsEmpty)
        {
            var envelope = geometry.EnvelopeInternal;
            if (envelope.MinX < -180 || envelope.MaxX > 180 || envelope.MinY < -90 || envelope.MaxY > 90)
            {
                throw new SourceFormatException(source, FeatureLabel.Of(feature.Index, feature.Id),
                    $"coordinates ({envelope.MinX.ToString(CultureInfo.InvariantCulture)} {envelope.MinY.ToString(CultureInfo.InvariantCulture)}) are not longitude/latitude, yet the response declares EPSG:{geometry.SRID} (no or a wrong Content-Crs header)");
            }
        }
    }

    private async Task<bool> IsQueryableAsync(string property, CancellationToken cancellationToken)
    {
        var uri = SourceHttp.WithQuery(new Uri(_items, "queryables"), [new("f", "json")]);
        var source = SourceHttp.Redact(uri);
        using var request = SourceHttp.Get(uri, _endpoint, _service, "application/schema+json, application/json;q=0.9");
        HttpResponseMessage response;
        try
        {
            response = await SourceHttp.SendAsync(_http, request, source, cancellationToken).ConfigureAwait(false);
        }
        catch (SourceFormatException ex) when (ex.Status is { } status && (int)status is >= 400 and < 500)
        {
            _logger.QueryablesUnavailable(source, (int)status);
            return false;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var stream = new IdleTimeoutStream(body, _idleTimeout, _time);
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return document.RootElement.ValueKind == JsonValueKind.Object
                        && document.RootElement.TryGetProperty("properties", out var properties)
                        && properties.ValueKind == JsonValueKind.Object
                        && properties.TryGetProperty(property, out _);
                }
                catch (JsonException ex)
                {
                    throw new SourceFormatException(source, null, $"the queryables are not JSON ({ex.Message})", ex);
                }
            }
        }
    }
}
