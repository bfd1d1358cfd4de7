using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

public sealed class WfsSourceTests
{
    private const string TeigPath = "/skwms1/wfs.matrikkelen-eiendomskart-teig";

    private static string Gml(string file) => Fixtures.Path("gml", file);

    private static Task Serve(HttpContext context, string file, int status = 200) =>
        FixtureServerFiles.ServeAsync(context, Gml(file), "application/gml+xml; version=3.2", status);

    private static WfsSource Teig(ServiceProvider services, Envelope? bbox = null) =>
        services.GetRequiredService<FeatureServices>().Wfs("Teig", new WfsQuery("app:Teig") { Bbox = bbox });

    [Fact]
    public async Task Pages_by_startIndex_until_a_short_page_counting_members_itself()
    {
        await using var server = await FixtureServer.StartAsync((context, _) =>
            Serve(context, context.Request.Query["startIndex"] == "0" ? "wfs-teig-page-numberReturned-0.gml" : "wfs-teig-page2-last.gml"));
        using var services = server.Services();
        var source = Teig(services, new Envelope(595000, 605000, 6610000, 6625000));

        var features = await Fixtures.ReadAllAsync(source);

        Assert.Equal(["Teig.1", "Teig.2", "Teig.3", "Teig.4"], features.Select(f => f.Id));
        Assert.Equal([0L, 1, 2, 3], features.Select(f => f.Index));
        Assert.Equal("4/4", features[3].Properties["matrikkelnummertekst"]);
        Assert.All(features, f => Assert.Equal(25833, f.Geometry!.SRID));
        var requests = server.Requests.ToList();
        Assert.Equal(["0", "3"], requests.Select(r => r.Parameter("startIndex")));
        Assert.All(requests, r =>
        {
            Assert.Equal(TeigPath, r.Path);
            Assert.Equal("WFS", r.Parameter("service"));
            Assert.Equal("2.0.0", r.Parameter("version"));
            Assert.Equal("GetFeature", r.Parameter("request"));
            Assert.Equal("app:Teig", r.Parameter("typeNames"));
            Assert.Equal("EPSG:25833", r.Parameter("srsName"));
            Assert.Equal("3", r.Parameter("count"));
            Assert.Equal("595000,6610000,605000,6625000,urn:ogc:def:crs:EPSG::25833", r.Parameter("bbox"));
        });
        Assert.Equal(server.BaseUri + "skwms1/wfs.matrikkelen-eiendomskart-teig?service=WFS&version=2.0.0&request=GetFeature&typeNames=app%3ATeig&srsName=EPSG%3A25833&count=3&startIndex=0&bbox=595000%2C6610000%2C605000%2C6625000%2Curn%3Aogc%3Adef%3Acrs%3AEPSG%3A%3A25833", source.Description);
    }

    [Fact]
    public async Task An_empty_first_page_yields_nothing()
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, "wfs-teig-empty.gml"));
        using var services = server.Services();

        Assert.Empty(await Fixtures.ReadAllAsync(Teig(services)));
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("wfs-exception-report-http200.xml", 200, "exception report: InvalidParameterValue (typeName): Feature type app:Teigg unknown")]
    [InlineData("wfs-exception-report-http400.xml", 400, "HTTP 400 Bad Request: the service answered with an exception report: InvalidParameterValue (typeNames): Unknown feature type app:Tieg")]
    [InlineData("wfs-teig-exception-midstream.gml", 200, "feature #1: the service answered with an exception report: NoApplicableCode: java.io.IOException: database connection lost")]
    [InlineData("wfs-teig-bad-poslist.gml", 200, "feature #1 (id 'Teig.2'): non-numeric coordinate 'x6616040'")]
    [InlineData("wfs-teig-unsupported-srs.gml", 200, "feature #0 (id 'Teig.1'): CRS 'urn:ogc:def:crs:EPSG::2000000' is not supported")]
    [InlineData("wfs-teig-truncated.gml", 200, "feature #2 (id 'Teig.3'): malformed or truncated XML")]
    public async Task Exceptions_and_bad_bodies_fail_naming_the_url_feature_and_reason(string file, int status, string reason)
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, file, status));
        using var services = server.Services();

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(Teig(services)));

        Assert.StartsWith(server.BaseUri + "skwms1/wfs.matrikkelen-eiendomskart-teig?service=WFS", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_connection_cut_mid_body_names_the_feature_being_read()
    {
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            var body = await File.ReadAllBytesAsync(Gml("wfs-teig-page-numberReturned-0.gml"));
            context.Response.ContentType = "application/gml+xml; version=3.2";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length * 2 / 3));
            await context.Response.Body.FlushAsync();
            // Give the client time to take in what was sent, so the cut falls inside the body, not before the headers.
            await Task.Delay(500);
            context.Abort();
        });
        using var services = server.Services();

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(Teig(services)));

        // Where the reset lands depends on how much the socket delivered; the message must still name a feature and say why.
        Assert.Matches(@": feature #[0-2] \(id 'Teig\.[1-3]'\): (the body could not be read to the end|malformed or truncated XML)", error.Message);
    }

    [Fact]
    public async Task A_body_that_stalls_mid_page_fails_instead_of_hanging()
    {
        await using var server = await FixtureServer.StartAsync(async (context, _) =>
        {
            var body = await File.ReadAllBytesAsync(Gml("wfs-teig-page-numberReturned-0.gml"));
            context.Response.ContentType = "application/gml+xml; version=3.2";
            await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var services = server.Services(new Dictionary<string, string?> { ["Tomte:Sources:Http:AttemptTimeout"] = "00:00:01" });

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(Teig(services)));

        Assert.Matches(@": feature #[0-2] \(id 'Teig\.[1-3]'\): the body could not be read to the end: no data arrived for 00:00:01", error.Message);
    }

    [Fact]
    public async Task A_service_that_ignores_startIndex_is_stopped_instead_of_looping()
    {
        await using var server = await FixtureServer.StartAsync((context, _) => Serve(context, "wfs-teig-page-numberReturned-0.gml"));
        using var services = server.Services();

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(Teig(services)));

        Assert.Contains("the service ignores startIndex", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_503_then_success_is_retried_with_credentials_kept_out_of_the_description()
    {
        await using var server = await FixtureServer.StartAsync(async (context, number) =>
        {
            if (number == 1)
            {
                context.Response.StatusCode = 503;
                return;
            }
            await Serve(context, "wfs-teig-page2-last.gml");
        });
        using var services = server.Services(new Dictionary<string, string?>
        {
            ["Tomte:Sources:Teig:Username"] = "bruker",
            ["Tomte:Sources:Teig:Password"] = "passord",
        });
        var source = Teig(services);

        var feature = Assert.Single(await Fixtures.ReadAllAsync(source));

        Assert.Equal("Teig.4", feature.Id);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bruker:passord")), r.Authorization));
        Assert.DoesNotContain("passord", source.Description, StringComparison.Ordinal);
    }
}
