using System.IO.Compression;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

/// <summary>
/// Each default service configuration of <see cref="DefaultServices"/> run end to end by <c>tomte ingest</c>: the
/// configured path, layer and kommune filter asked of a loopback server that answers in the provider's format
/// (WFS 2.0 GML 3.2 from deegree, ArcGIS Server and MapServer; ldproxy GeoJSON; Entur's zipped NeTEx), through the
/// attribute mapping, into rows in PostGIS.
/// </summary>
public sealed class DefaultSourcesTests : IAsyncLifetime
{
    private const string EnturEtag = "\"tiamat-2026-11-30\"";
    private const string AsBbox = "257305.35,6620863.34,268680.99,6630144.82";

    private readonly PostgisDatabase _database = new();
    private readonly string _downloads = Path.Combine(Path.GetTempPath(), "tomte-downloads-" + Guid.NewGuid().ToString("N"));
    private FixtureServer _server = null!;
    private byte[] _enturZip = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _enturZip = Zip(("tiamat-export-current.xml", Sample("stoppesteder.xml")));
        _server = await FixtureServer.StartAsync(ServeAsync);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(_downloads))
        {
            Directory.Delete(_downloads, recursive: true);
        }
    }

    private static string Sample(string relative) => Path.Combine(SampleDataTests.CommittedDirectory, relative);

    private static string Service(string file) => Fixtures.Path("services", file);

    private static byte[] Zip(params (string Name, string Path)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, path) in entries)
            {
                zip.CreateEntryFromFile(path, name, CompressionLevel.Fastest);
            }
        }
        return buffer.ToArray();
    }

    private async Task ServeAsync(HttpContext context, int number)
    {
        var path = context.Request.Path.Value ?? "";
        const string gml = "application/gml+xml; version=3.2";
        const string crs25833 = "<http://www.opengis.net/def/crs/EPSG/0/25833>";
        switch (path)
        {
            case "/skwms1/wfs.administrative_enheter":
                // deegree answers the kommunenummer filter with that kommune alone.
                var filter = context.Request.Query["FILTER"].ToString();
                await (filter.Contains("<fes:Literal>3218</fes:Literal>", StringComparison.Ordinal)
                    ? FixtureServerFiles.ServeAsync(context, Service("kartverket-administrative-enheter-kommune-3218.gml"), gml)
                    : FixtureServerFiles.ServeAsync(context, Fixtures.Path("gml", "wfs-teig-empty.gml"), gml));
                return;
            case "/arcgis/services/vern/mapserver/WFSServer":
                await FixtureServerFiles.ServeAsync(context, Service("miljodirektoratet-vern-naturvern_omrade.gml"), "text/xml; subtype=gml/3.2");
                return;
            case "/enterprise/services/Flomsoner2/MapServer/WFSServer":
                await FixtureServerFiles.ServeAsync(context, Service("nve-flomsoner2-flomsone_200arsflom.gml"), "text/xml; subtype=gml/3.2");
                return;
            case "/enterprise/services/SkredKvikkleire2/MapServer/WFSServer":
                await FixtureServerFiles.ServeAsync(context, Service("nve-skredkvikkleire2-kvikkleirefaresone.gml"), "text/xml; subtype=gml/3.2");
                return;
            case "/cgi-bin/ar5":
                await FixtureServerFiles.ServeAsync(context, Service("nibio-ar5.gml"), gml);
                return;
            case "/LokaliteterEnkeltminnerOgSikringssoner/collections/lokaliteter/items":
                await FixtureServerFiles.ServeAsync(context, Service("riksantikvaren-lokaliteter-3218.json"), "application/geo+json", contentCrs: crs25833);
                return;
            case "/marduk-production/tiamat/Current_latest.zip":
                // Google Cloud Storage: a strong ETag, and 304 to a matching If-None-Match.
                if (context.Request.Headers.IfNoneMatch.ToString() == EnturEtag)
                {
                    context.Response.StatusCode = 304;
                    return;
                }
                context.Response.ContentType = "application/zip";
                context.Response.Headers.ETag = EnturEtag;
                context.Response.Headers.LastModified = "Mon, 30 Nov 2026 03:12:44 GMT";
                await context.Response.Body.WriteAsync(_enturZip);
                return;
            case "/kommuneplaner/collections/kpomrade/items":
                await FixtureServerFiles.ServeAsync(context, Service("nap-kpomrade-3218.json"), "application/geo+json", contentCrs: crs25833);
                return;
            case "/kommuneplaner/collections/kparealformalomrade/items":
                await FixtureServerFiles.ServeAsync(context, Service("nap-kparealformalomrade-3218.json"), "application/geo+json", contentCrs: crs25833);
                return;
            case "/reguleringsplaner/vn2/collections/rpomrade/items":
                await FixtureServerFiles.ServeAsync(context, Sample("3218/rpomrade-3218.geojson"), "application/geo+json", contentCrs: crs25833);
                return;
            case "/reguleringsplanforslag/vn2/collections/rpomrade/items":
                await FixtureServerFiles.ServeAsync(context, Sample("3218/planlegging-igangsatt-3218.geojson"), "application/geo+json", contentCrs: crs25833);
                return;
            case "/skwms1/wfs.matrikkelen-eiendomskart-teig":
                await FixtureServerFiles.ServeAsync(context, Sample("3218/teig-3218.gml"), gml);
                return;
            case "/vegnett/api/v4/veglenkesekvenser/segmentert":
                // NVDB pages by the opaque start cursor of metadata.neste.
                var page = context.Request.Query["start"].ToString() == "" ? 1 : 2;
                await FixtureServerFiles.ServeAsync(context, Fixtures.Path("nvdb", $"shaped-v4-segmentert-3218-page{page}.json"), "application/json");
                return;
        }
        if (path.EndsWith("/queryables", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/schema+json";
            await context.Response.WriteAsync("""{"type":"object","properties":{"arealplanId.kommunenummer":{"type":"string"}}}""");
            return;
        }
        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"code":"NotFound","description":"no such fixture"}""");
    }

    private Microsoft.Extensions.Hosting.IHost Host(params string[] kommuner)
    {
        var settings = LoopbackSources.Settings(_server.BaseUri, _downloads);
        for (var i = 0; i < kommuner.Length; i++)
        {
            settings[$"Tomte:Ingest:Kommuner:{i}"] = kommuner[i];
        }
        return TestHost.Build(_database, settings);
    }

    private async Task ImportBordersAsync(Microsoft.Extensions.Hosting.IHost host) =>
        await TestHost.Get<FileImporter>(host).ImportAsync(Datasets.Find("kommune"), Sample("kommuner.gml"), null, null, null, null, CancellationToken.None);

    private async Task<List<string>> RowsAsync(string sql)
    {
        var rows = new List<string>();
        await using var command = _database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    private static void AssertLoaded(IngestRunner.Outcome outcome, params string[] expected)
    {
        Assert.Empty(outcome.Failures.Select(f => $"{f.Dataset} {f.Kommunenummer}: {f.Reason}"));
        Assert.Equal(expected, outcome.Loads.SelectMany(l => l.Kommuner.Select(k => $"{l.Dataset} {k.Kommunenummer} {LoadVocabulary.Text(k.Outcome)} {k.FeatureCount}")));
    }

    [Fact]
    public async Task Kommune_borders_come_from_kartverkets_wfs_one_kommune_per_kommunenummer_filter()
    {
        using var host = Host();

        var outcome = await TestHost.Get<IngestRunner>(host).RunAsync(["3218"], ["kommune"], null, null, CancellationToken.None);

        AssertLoaded(outcome, "kommune 3218 loaded 1");
        Assert.Equal(["3218|Ås|MULTIPOLYGON|25833"], await RowsAsync("SELECT kommunenummer, navn, GeometryType(geom), ST_SRID(geom) FROM ref.kommune"));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/skwms1/wfs.administrative_enheter", request.Path);
        Assert.Equal("app:Kommune", request.Parameter("typeNames"));
        Assert.Equal("EPSG:25833", request.Parameter("srsName"));
        Assert.Equal("100", request.Parameter("count"));
        Assert.Equal("", request.Parameter("bbox"));
        Assert.Equal($"xmlns(app,{DefaultServices.AdministrativeEnheterNamespace})", request.Parameter("NAMESPACES"));
        var filter = XElement.Parse(request.Parameter("FILTER"));
        XNamespace fes = "http://www.opengis.net/fes/2.0";
        Assert.Equal(fes + "Filter", filter.Name);
        var equal = Assert.Single(filter.Elements(fes + "PropertyIsEqualTo"));
        Assert.Equal("app:kommunenummer", (string)equal.Element(fes + "ValueReference")!);
        Assert.Equal("3218", (string)equal.Element(fes + "Literal")!);
        Assert.Equal(DefaultServices.AdministrativeEnheterNamespace, filter.GetNamespaceOfPrefix("app")?.NamespaceName);
        Assert.Equal("wfs", await _database.ScalarAsync<string>("SELECT source_kind FROM ingest.load WHERE dataset = 'kommune'"));
    }

    [Theory]
    [InlineData("verneomrader", "verneomrade", "/arcgis/services/vern/mapserver/WFSServer", "vern:naturvern_omrade",
        "VV00009901|Syntetisk naturreservat|300000;VV00009902|Syntetisk landskapsvernområde|630000")]
    [InlineData("flomsoner", "flomsone", "/enterprise/services/Flomsoner2/MapServer/WFSServer", "Flomsoner2:Flomsone_200arsflom",
        "FS-3218-0001|Syntetisk elv|480000")]
    [InlineData("kvikkleire", "kvikkleire", "/enterprise/services/SkredKvikkleire2/MapServer/WFSServer", "SkredKvikkleire2:KvikkleireFaresone",
        "KL-9901|Syntetisk kvikkleiresone|480000;KL-9902|Syntetisk kvikkleiresone øst|250000")]
    [InlineData("dyrka-mark", "dyrka_mark", "/cgi-bin/ar5", "ms:ar5",
        "9901|null|160000;9903|null|160000;9905|null|160000")]
    public async Task A_constraint_layer_comes_from_its_wfs_by_the_border_bbox_with_its_attributes_mapped(
        string dataset, string kind, string path, string typeName, string expectedRows)
    {
        using var host = Host();
        await ImportBordersAsync(host);

        var outcome = await TestHost.Get<IngestRunner>(host).RunAsync(["3218"], [dataset], null, null, CancellationToken.None);

        var expected = expectedRows.Split(';');
        AssertLoaded(outcome, $"{dataset} 3218 loaded {expected.Length}");
        Assert.Equal(expected, await RowsAsync(
            $"SELECT source_id, name, round(ST_Area(geom))::bigint FROM ref.constraint_area WHERE kind = '{kind}' AND kommunenummer = '3218' ORDER BY source_id"));
        var request = Assert.Single(_server.Requests);
        Assert.Equal(path, request.Path);
        Assert.Equal("GetFeature", request.Parameter("request"));
        Assert.Equal(typeName, request.Parameter("typeNames"));
        Assert.Equal("EPSG:25833", request.Parameter("srsName"));
        Assert.Equal("0", request.Parameter("startIndex"));
        Assert.Equal(AsBbox + ",urn:ogc:def:crs:EPSG::25833", request.Parameter("bbox"));
        Assert.Equal("", request.Parameter("FILTER"));
    }

    [Fact]
    public async Task Ar5_keeps_only_fulldyrka_overflatedyrka_and_innmarksbeite()
    {
        using var host = Host();
        await ImportBordersAsync(host);

        var outcome = await TestHost.Get<IngestRunner>(host).RunAsync(["3218"], ["dyrka-mark"], null, null, CancellationToken.None);

        // Five polygons read (21, 30 skog, 22, 12 samferdsel, 23); the filter passed three to the loader.
        var load = Assert.Single(outcome.Loads);
        Assert.Equal(3L, load.FeaturesRead);
        Assert.Equal(3, Assert.Single(load.Kommuner).FeatureCount);
    }

    [Fact]
    public async Task Kulturminner_come_from_riksantikvarens_ogc_api_by_the_border_bbox_in_25833()
    {
        using var host = Host();
        await ImportBordersAsync(host);

        var outcome = await TestHost.Get<IngestRunner>(host).RunAsync(["3218"], ["kulturminner"], null, null, CancellationToken.None);

        AssertLoaded(outcome, "kulturminner 3218 loaded 2");
        // The service's "kommune" holds a name (Ås): it is not mapped, so the features land in the kommune asked for.
        Assert.Equal(["990001|Syntetisk gravfelt|13200", "990002|Syntetisk tuft|30000"], await RowsAsync(
            "SELECT source_id, name, round(ST_Area(geom))::bigint FROM ref.constraint_area WHERE kind = 'kulturminne' AND kommunenummer = '3218' ORDER BY source_id"));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/LokaliteterEnkeltminnerOgSikringssoner/collections/lokaliteter/items", request.Path);
        Assert.Equal("json", request.Parameter("f"));
        Assert.Equal("1000", request.Parameter("limit"));
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/25833", request.Parameter("crs"));
        Assert.Equal(AsBbox, request.Parameter("bbox"));
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/25833", request.Parameter("bbox-crs"));
        Assert.Equal("ogcapi", await _database.ScalarAsync<string>("SELECT source_kind FROM ingest.load WHERE dataset = 'kulturminner'"));
    }

    [Fact]
    public async Task Stops_come_from_enturs_zipped_netex_export_downloaded_once_for_every_kommune()
    {
        using var host = Host();
        await ImportBordersAsync(host);
        var runner = TestHost.Get<IngestRunner>(host);

        var first = await runner.RunAsync(["3218", "3207"], ["stoppesteder"], null, null, CancellationToken.None);
        var second = await runner.RunAsync(["3218", "3207"], ["stoppesteder"], null, null, CancellationToken.None);

        AssertLoaded(first, "stoppesteder 3218 loaded 25", "stoppesteder 3207 loaded 25");
        AssertLoaded(second, "stoppesteder 3218 unchanged 25", "stoppesteder 3207 unchanged 25");
        Assert.Equal(["3207|25", "3218|25"], await RowsAsync("SELECT kommunenummer, count(*) FROM ref.stop_place GROUP BY kommunenummer ORDER BY kommunenummer"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM ref.stop_place WHERE source_id NOT LIKE 'NSR:StopPlace:%' OR name IS NULL"));
        // One download; the three later requests carried the ETag and were answered 304 Not Modified.
        var requests = _server.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal("/marduk-production/tiamat/Current_latest.zip", r.Path));
        Assert.Equal("file", await _database.ScalarAsync<string>("SELECT DISTINCT source_kind FROM ingest.load WHERE dataset = 'stoppesteder'"));
        Assert.Equal(LoopbackSources.OnLoopback(_server.BaseUri, DefaultServices.EnturStops),
            await _database.ScalarAsync<string>("SELECT DISTINCT source FROM ingest.load WHERE dataset = 'stoppesteder'"));
        // The kept download and its validators; the unpacked XML is gone.
        Assert.Equal([".validators", ".zip"], Directory.GetFiles(_downloads).Select(Path.GetExtension).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetDirectories(_downloads));
    }

    [Fact]
    public async Task Ingest_with_no_arguments_fetches_every_dataset_that_has_a_service_borders_first()
    {
        using var host = Host("3218");

        var outcome = await TestHost.Get<IngestRunner>(host).RunAsync([], [], null, null, CancellationToken.None);

        Assert.Empty(outcome.Failures.Select(f => $"{f.Dataset} {f.Kommunenummer}: {f.Reason}"));
        var loaded = outcome.Loads.Select(l => l.Dataset).ToList();
        Assert.Equal("kommune", loaded[0]);
        // Every dataset but the hensynssoner, which NAP spreads over eight collections per plan level (files only).
        Assert.Equal(
            Datasets.All.Select(d => d.Name).Where(n => !n.EndsWith("-hensynssoner", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            loaded.Order(StringComparer.Ordinal));
        Assert.All(outcome.Loads, l => Assert.Equal("3218", Assert.Single(l.Kommuner).Kommunenummer));
        Assert.All(outcome.Loads.Where(l => l.Dataset != "stoppesteder"), l => Assert.True(Assert.Single(l.Kommuner).FeatureCount > 0, l.Dataset));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM ref.kommune"));
        Assert.Equal(25L, await _database.ScalarAsync<long>("SELECT count(*) FROM ref.stop_place WHERE kommunenummer = '3218'"));
        Assert.Equal(5L, await _database.ScalarAsync<long>("SELECT count(DISTINCT kind) FROM ref.constraint_area WHERE kommunenummer = '3218'"));
        Assert.Equal("E,F,K", await _database.ScalarAsync<string>("SELECT string_agg(vegkategori, ',' ORDER BY vegkategori) FROM ref.road WHERE kommunenummer = '3218'"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load WHERE dataset = 'veg' AND source_kind = 'nvdb' AND outcome = 'loaded'"));
    }
}
