using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>What to fetch from NVDB API Les: one kommune's road network, segmented.</summary>
/// <param name="Kommunenummer">The kommune filter (<c>kommune=3218</c>); null = every kommune the service holds.</param>
/// <param name="Srid">The CRS asked for; NVDB answers with WKT in it (5973: EPSG:25833 plus NN2000 height).</param>
public sealed record NvdbQuery(string? Kommunenummer, int Srid = 5973);

/// <summary>
/// Pages through NVDB API Les v4 <c>vegnett/api/v4/veglenkesekvenser/segmentert</c> (Statens vegvesen), following
/// <c>metadata.neste.href</c>. Each segment becomes a line feature with its kommune and vegsystemreferanse flattened
/// to dotted paths (<c>vegsystemreferanse.vegsystem.vegkategori</c>), WKT geometry with Z dropped.
/// </summary>
/// <remarks>
/// Only what a car can use is kept: existing roads (fase V) for motor traffic (trafikantgruppe K, as opposed to
/// G, walking and cycling); segments without a vegsystemreferanse (not part of any road) are left out and counted.
/// The v4 path and its answer were not confirmed against the live service (no v4 recording exists); the answer is
/// read as v3 and Uberiket shape it, which Vegvesen's own clients read.
/// </remarks>
public sealed class NvdbVegnettSource : IFeatureSource
{
    public const string SegmentedPath = "vegnett/api/v4/veglenkesekvenser/segmentert";

    private readonly HttpClient _http;
    private readonly SourceEndpointOptions _endpoint;
    private readonly NvdbQuery _query;
    private readonly ILogger _logger;
    private readonly Uri _service;
    private readonly Uri _first;
    private readonly string _client;

    public NvdbVegnettSource(HttpClient http, SourceEndpointOptions endpoint, NvdbQuery query, ILogger<NvdbVegnettSource>? logger = null, string client = "Tomte")
    {
        _http = http;
        _endpoint = endpoint;
        _query = query;
        _logger = logger ?? NullLogger<NvdbVegnettSource>.Instance;
        _client = client;
        _service = SourceHttp.BaseUri(endpoint.BaseUrl, null);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("srid", query.Srid.ToString(CultureInfo.InvariantCulture)),
            new("antall", endpoint.PageSize.ToString(CultureInfo.InvariantCulture)),
        };
        if (query.Kommunenummer is not null)
        {
            parameters.Add(new("kommune", query.Kommunenummer));
        }
        _first = SourceHttp.WithQuery(new Uri(_service, SegmentedPath), parameters);
        Description = SourceHttp.Redact(_first);
    }

    public string Description { get; }

    /// <summary>Segments left out: planned or under construction, walking and cycling only, or outside any road.</summary>
    public int Skipped { get; private set; }

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new WKTReader();
        var current = _first;
        var index = 0L;
        var page = 0;
        var seen = new HashSet<Uri> { current };
        while (true)
        {
            page++;
            var source = SourceHttp.Redact(current);
            _logger.RequestingPage(page, source);
            using var request = SourceHttp.Get(current, _endpoint, _service, "application/json");
            // NVDB asks every client to name itself.
            request.Headers.TryAddWithoutValidation("X-Client", _client);
            using var response = await SourceHttp.SendAsync(_http, request, source, cancellationToken).ConfigureAwait(false);
            using var document = await ReadJsonAsync(response, source, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("objekter", out var objects) || objects.ValueKind != JsonValueKind.Array)
            {
                throw new SourceFormatException(source, null, "the answer has no 'objekter' array (is this NVDB's vegnett API?)");
            }
            var count = 0;
            foreach (var segment in objects.EnumerateArray())
            {
                var feature = Segment(segment, index + count, source, reader);
                count++;
                if (feature is null)
                {
                    Skipped++;
                    continue;
                }
                yield return feature;
            }
            index += count;
            _logger.PageRead(page, source, count);
            var next = Next(root);
            if (count == 0 || next is null || LastPage(root))
            {
                break;
            }
            var following = new Uri(current, next);
            if (!seen.Add(following))
            {
                throw new SourceFormatException(source, null, "metadata.neste points back to a page already read");
            }
            current = following;
        }
        _logger.SourceRead(Description, index, page);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string source, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException ex)
        {
            throw new SourceFormatException(source, null, $"the answer is not JSON ({ex.Message})", ex);
        }
    }

    // NVDB keeps giving a neste link on the last page; a page shorter than the page size (as it reports it, else as
    // asked for) is the last.
    private bool LastPage(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("returnert", out var returned) || !returned.TryGetInt32(out var count))
        {
            return false;
        }
        var size = (metadata.TryGetProperty("sidestørrelse", out var reported) || metadata.TryGetProperty("sidestorrelse", out reported)) && reported.TryGetInt32(out var s)
            ? s
            : _endpoint.PageSize;
        return count < size;
    }

    private static string? Next(JsonElement root) =>
        root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("neste", out var next) && next.ValueKind == JsonValueKind.Object
        && next.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String
            ? href.GetString()
            : null;

    private SourceFeature? Segment(JsonElement segment, long index, string source, WKTReader reader)
    {
        var id = Text(segment, "kortform") ?? Text(segment, "veglenkesekvensid");
        var label = FeatureLabel.Of(index, id);
        if (!segment.TryGetProperty("vegsystemreferanse", out var reference) || reference.ValueKind != JsonValueKind.Object
            || !reference.TryGetProperty("vegsystem", out var system) || system.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var fase = Text(system, "fase");
        var group = reference.TryGetProperty("strekning", out var strekning) && strekning.ValueKind == JsonValueKind.Object
            ? Text(strekning, "trafikantgruppe")
            : null;
        if ((fase is not null && fase != "V") || (group is not null && group != "K"))
        {
            return null;
        }
        if (!segment.TryGetProperty("geometri", out var geometri) || Text(geometri, "wkt") is not { } wkt)
        {
            throw new SourceFormatException(source, label, "has no geometri.wkt");
        }
        Geometry geometry;
        try
        {
            geometry = reader.Read(wkt);
        }
        catch (ParseException ex)
        {
            throw new SourceFormatException(source, label, $"geometri.wkt is not WKT ({ex.Message})", ex);
        }
        var srid = geometri.TryGetProperty("srid", out var s) && s.TryGetInt32(out var declared) ? declared : _query.Srid;
        geometry.SRID = Crs.FromEpsg(srid).Srid;

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["kommune"] = segment.TryGetProperty("kommune", out var kommune) && kommune.TryGetInt64(out var k) ? k : null,
            ["vegsystemreferanse.vegsystem.vegkategori"] = Text(system, "vegkategori"),
            ["vegsystemreferanse.vegsystem.fase"] = fase,
            ["vegsystemreferanse.vegsystem.nummer"] = system.TryGetProperty("nummer", out var nummer) && nummer.TryGetInt64(out var n) ? n : null,
            ["vegsystemreferanse.strekning.trafikantgruppe"] = group,
            ["typeVeg"] = Text(segment, "typeVeg"),
            ["veglenkesekvensid"] = segment.TryGetProperty("veglenkesekvensid", out var sekvens) && sekvens.TryGetInt64(out var sid) ? sid : null,
        };
        return new SourceFeature(index, id, geometry, properties);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
