using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NetTopologySuite.Geometries;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

public sealed class OgcApiFeaturesSourceTests
{
    private const string Crs25833 = "http://www.opengis.net/def/crs/EPSG/0/25833";
    private static readonly Envelope AsBbox = new(595000, 605000, 6610000, 6625000);

    private static string Ogc(string file) => Fixtures.Path("ogcapi", file);

    [Fact]
    public async Task Pages_through_next_links_with_basic_auth_crs_and_the_kommune_property_filter()
    {
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            var path = context.Request.Path.Value!;
            if (path.EndsWith("/queryables", StringComparison.Ordinal))
            {
                await Serve(context, "kpomrade-queryables.json", "application/schema+json");
                return;
            }
            var page = context.Request.Query["offset"].ToString() switch
            {
                "" or "0" => 1,
                "2" => 2,
                _ => 3,
            };
            await Serve(context, $"kpomrade-3218-page{page}.json", contentCrs: $"<{Crs25833}>");
        });
        using var services = server.Services(new Dictionary<string, string?>
        {
            ["Tomte:Sources:Nap:Username"] = "tomte",
            ["Tomte:Sources:Nap:Password"] = "hemmelig",
        });
        var source = services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("kpomrade")
        {
            ServicePath = "kommuneplaner",
            Kommunenummer = "3218",
            Bbox = AsBbox,
        });

        var features = await Fixtures.ReadAllAsync(source);

        Assert.Equal(["kpomrade.1", "kpomrade.2", "kpomrade.3", "kpomrade.4", "kpomrade.5"], features.Select(f => f.Id));
        Assert.Equal([0L, 1, 2, 3, 4], features.Select(f => f.Index));
        Assert.All(features, f => Assert.Equal(25833, f.Geometry!.SRID));
        Assert.Equal("3218", features[0].Properties["arealplanId.kommunenummer"]);
        Assert.Equal("2015001", features[0].Properties["arealplanId.planidentifikasjon"]);
        Assert.Equal(3L, features[0].Properties["planstatus"]);
        Assert.Null(features[1].Properties["ikrafttredelsesdato"]);
        Assert.InRange(features[4].Geometry!.EnvelopeInternal.MinX, 595000, 605000);

        var requests = server.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.EndsWith("/kommuneplaner/collections/kpomrade/queryables", requests[0].Path, StringComparison.Ordinal);
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("tomte:hemmelig"));
        Assert.All(requests, r => Assert.Equal(expectedAuth, r.Authorization));
        foreach (var items in requests.Skip(1))
        {
            // The property filter wins over the bbox, and the relative next link without crs/filter got them back.
            Assert.Equal("3218", items.Parameter("arealplanId.kommunenummer"));
            Assert.Equal(Crs25833, items.Parameter("crs"));
            Assert.Equal("json", items.Parameter("f"));
            Assert.Equal("2", items.Parameter("limit"));
            Assert.Equal("", items.Parameter("bbox"));
        }
        Assert.Equal(["", "2", "4"], requests.Skip(1).Select(r => r.Parameter("offset")));
        Assert.DoesNotContain("hemmelig", source.Description, StringComparison.Ordinal);
        Assert.StartsWith(server.BaseUri + "kommuneplaner/collections/kpomrade/items?f=json&limit=2&crs=", source.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_queryable_it_filters_by_the_kommune_bbox_and_stops_at_an_empty_page()
    {
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            if (context.Request.Path.Value!.EndsWith("/queryables", StringComparison.Ordinal))
            {
                await Serve(context, "rpomrade-queryables.json", "application/schema+json");
                return;
            }
            var file = context.Request.Query["offset"].ToString() == "2" ? "rpomrade-bbox-empty-page.json" : "rpomrade-bbox-page1.json";
            await Serve(context, file, contentCrs: $"<{Crs25833}>");
        });
        using var services = server.Services();
        var source = services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade")
        {
            ServicePath = "reguleringsplaner/vn2",
            Kommunenummer = "3218",
            Bbox = AsBbox,
        });

        var features = await Fixtures.ReadAllAsync(source);

        Assert.Equal(["rpomrade.1", "rpomrade.2"], features.Select(f => f.Id));
        Assert.Equal("R0001", features[0].Properties["arealplanId.planidentifikasjon"]);
        Assert.Equal(2L, features[0].Properties["vertikalnivå"]);
        var multi = Assert.IsType<MultiPolygon>(features[0].Geometry);
        Assert.Equal(1, ((Polygon)multi.GetGeometryN(0)).NumInteriorRings);
        // The self-intersecting ring passes through to the loader's ST_MakeValid.
        Assert.False(features[1].Geometry!.IsValid);

        var items = server.Requests.Where(r => r.Path.EndsWith("/items", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, r =>
        {
            Assert.Equal("595000,6610000,605000,6625000", r.Parameter("bbox"));
            Assert.Equal(Crs25833, r.Parameter("bbox-crs"));
            Assert.Equal("", r.Parameter("arealplanId.kommunenummer"));
            Assert.Equal("", r.Authorization);
        });
    }

    [Fact]
    public async Task An_empty_first_page_yields_nothing_and_asks_once()
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, "rpomrade-bbox-empty-page.json", contentCrs: $"<{Crs25833}>"));
        using var services = server.Services();

        var features = await Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade") { Bbox = AsBbox }));

        Assert.Empty(features);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_crs84_answer_to_a_25833_request_is_accepted_for_the_loader_to_transform()
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, "rpomrade-crs84.json", contentCrs: "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"));
        using var services = server.Services();

        var feature = Assert.Single(await Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade"))));

        Assert.Equal(4326, feature.Geometry!.SRID);
        Assert.Equal(10.79, ((Point)feature.Geometry).X);
    }

    [Fact]
    public async Task An_epsg_4258_answer_is_read_latitude_first_as_the_crs_defines()
    {
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/geo+json";
            context.Response.Headers["Content-Crs"] = "<http://www.opengis.net/def/crs/EPSG/0/4258>";
            await context.Response.WriteAsync("""{"type":"FeatureCollection","features":[{"type":"Feature","id":"p","properties":{},"geometry":{"type":"Point","coordinates":[59.66,10.79]}}],"links":[]}""");
        });
        using var services = server.Services();

        var feature = Assert.Single(await Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade") { Crs = 4258 })));

        Assert.Equal(4258, feature.Geometry!.SRID);
        Assert.Equal(10.79, ((Point)feature.Geometry).X);
        Assert.Equal(59.66, ((Point)feature.Geometry).Y);
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/4258", server.Requests.Single().Parameter("crs"));
    }

    [Theory]
    [InlineData("<http://www.opengis.net/def/crs/EPSG/0/3006>", "rpomrade-bbox-page1.json", "Content-Crs: CRS 'http://www.opengis.net/def/crs/EPSG/0/3006' is not supported")]
    [InlineData(null, "rpomrade-bbox-page1.json", "feature #0 (id 'rpomrade.1'): coordinates (601000 6616000) are not longitude/latitude")]
    [InlineData("<http://www.opengis.net/def/crs/EPSG/0/25833>", "rpomrade-unclosed-ring.json", "feature #1 (id 'rpomrade.7'): exterior ring has 3 positions")]
    [InlineData("<http://www.opengis.net/def/crs/EPSG/0/25833>", "rpomrade-truncated.json", "feature #1: malformed or truncated JSON")]
    public async Task Bad_pages_fail_naming_the_url_the_feature_and_the_reason(string? contentCrs, string file, string reason)
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, file, contentCrs: contentCrs));
        using var services = server.Services();

        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade"))));

        Assert.StartsWith(server.BaseUri + "collections/rpomrade/items?f=json", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), error.Message);
    }

    [Theory]
    [InlineData("pygeoapi-local-collection-404.json", 404, "HTTP 404 Not Found: NotFound: Collection not found")]
    [InlineData("pygeoapi-local-items-bad-limit-400.json", 400, "HTTP 400 Bad Request: InvalidParameterValue: limit value should be strictly positive")]
    public async Task Error_bodies_become_errors_with_their_description(string file, int status, string reason)
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, file, "application/json", status));
        using var services = server.Services();

        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("nope"))));

        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_xml_exception_with_http_200_is_an_error_with_its_text()
    {
        await using var server = await FixtureServer.StartAsync((context, _) =>
            FixtureServerFiles.ServeAsync(context, Fixtures.Path("gml", "wfs-exception-report-http200.xml"), "text/xml"));
        using var services = server.Services();

        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade"))));

        Assert.Contains("Feature type app:Teigg unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_then_success_is_retried()
    {
        await using var server = await FixtureServer.StartAsync(async (context, number) =>
        {
            if (number == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            await Serve(context, "rpomrade-crs84.json");
        });
        using var services = server.Services(new Dictionary<string, string?> { ["Tomte:Sources:Http:AttemptTimeout"] = "00:00:01" });

        var features = await Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade")));

        Assert.Single(features);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_body_that_stalls_mid_page_fails_instead_of_hanging()
    {
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            var body = await File.ReadAllTextAsync(Ogc("rpomrade-bbox-page1.json"));
            context.Response.ContentType = "application/geo+json";
            await context.Response.WriteAsync(body[..(body.Length / 2)]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var services = server.Services(new Dictionary<string, string?> { ["Tomte:Sources:Http:AttemptTimeout"] = "00:00:01" });

        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade"))));

        Assert.True(error.Message.Contains("feature #0: the body could not be read to the end: no data arrived for 00:00:01", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task A_503_then_success_is_retried_and_lasting_503_fails_naming_the_url()
    {
        await using var server = await FixtureServer.StartAsync(async (context, number) =>
        {
            if (number <= 2)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("Service Unavailable");
                return;
            }
            await Serve(context, "rpomrade-crs84.json");
        });
        using var services = server.Services();
        var features = await Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade")));
        Assert.Single(features);
        Assert.Equal(3, server.Requests.Count);

        await using var down = await FixtureServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("Service Unavailable");
        });
        using var downServices = down.Services();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            Fixtures.ReadAllAsync(downServices.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade"))));
        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(down.BaseUri.AbsoluteUri, error.Message, StringComparison.Ordinal);
        Assert.Equal(4, down.Requests.Count); // the first try and three retries
    }

    [Fact]
    public async Task A_429_waits_for_retry_after_before_asking_again()
    {
        await using var server = await FixtureServer.StartAsync(async (context, number) =>
        {
            if (number == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "30";
                return;
            }
            await Serve(context, "rpomrade-crs84.json");
        });
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var services = server.Services(new Dictionary<string, string?> { ["Tomte:Sources:Http:AttemptTimeout"] = "00:10:00", ["Tomte:Sources:Http:TotalTimeout"] = "00:30:00" }, time);

        var reading = Fixtures.ReadAllAsync(services.GetRequiredService<FeatureServices>().OgcApi("Nap", new OgcApiFeaturesQuery("rpomrade")));
        await Eventually.TrueAsync(() => Task.FromResult(server.Requests.Count == 1), "the first request");

        // Move the clock a second at a time: the second request may only come once 30 seconds have passed.
        var advanced = 0;
        while (server.Requests.Count < 2 && advanced < 120)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            advanced++;
            await Task.Delay(20);
        }
        var features = await reading.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(features);
        Assert.Equal(2, server.Requests.Count);
        Assert.InRange(advanced, 30, 119);
    }

    private static Task Serve(HttpContext context, string file, string contentType = "application/geo+json", int status = 200, string? contentCrs = null) =>
        FixtureServerFiles.ServeAsync(context, Ogc(file), contentType, status, contentCrs);
}

internal static class FixtureServerFiles
{
    /// <summary>Serves a fixture, rewriting the recorded server address to the one the request came to.</summary>
    public static async Task ServeAsync(HttpContext context, string path, string contentType, int status = 200, string? contentCrs = null)
    {
        var self = $"{context.Request.Scheme}://{context.Request.Host}";
        var body = (await File.ReadAllTextAsync(path)).Replace(FixtureServer.RecordedBase, self, StringComparison.Ordinal);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (contentCrs is not null)
        {
            context.Response.Headers["Content-Crs"] = contentCrs;
        }
        await context.Response.WriteAsync(body);
    }
}
