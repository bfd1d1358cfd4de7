using Microsoft.Extensions.DependencyInjection;
using Tomte.Tests.Ingest.Sources;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Roads;

/// <summary>NVDB API Les over real HTTP on loopback, answering with v3-recorded and v4-shaped vegnett pages.</summary>
public sealed class NvdbVegnettSourceTests
{
    private static string Nvdb(string file) => Fixtures.Path("nvdb", file);

    private static Dictionary<string, string?> Settings(FixtureServer server, int pageSize) => new()
    {
        ["Tomte:Sources:Endpoints:Nvdb:BaseUrl"] = server.BaseUri.AbsoluteUri,
        ["Tomte:Sources:Endpoints:Nvdb:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Pages_through_metadata_neste_with_kommune_and_srid_keeping_existing_roads_for_motor_traffic_in_25833()
    {
        string? client = null;
        await using var server = await FixtureServer.StartAsync(async (context, number) =>
        {
            client ??= context.Request.Headers["X-Client"].ToString();
            var page = context.Request.Query["start"].ToString() == "" ? 1 : 2;
            await FixtureServerFiles.ServeAsync(context, Nvdb($"shaped-v4-segmentert-3218-page{page}.json"), "application/json");
        });
        using var services = server.Services(Settings(server, 3));
        var source = services.GetRequiredService<FeatureServices>().Nvdb("Nvdb", new NvdbQuery("3218"));

        var features = await Fixtures.ReadAllAsync(source);

        // The walking path (trafikantgruppe G) and the planned road (fase P) are left out.
        Assert.Equal(["0.0-1.0@900001", "0.0-1.0@900002", "0.0-1.0@900004"], features.Select(f => f.Id));
        Assert.Equal(2, source.Skipped);
        Assert.Equal(["K", "E", "F"], features.Select(f => f.Properties["vegsystemreferanse.vegsystem.vegkategori"]));
        Assert.Equal([1001L, 6L, 152L], features.Select(f => f.Properties["vegsystemreferanse.vegsystem.nummer"]));
        Assert.All(features, f => Assert.Equal(3218L, f.Properties["kommune"]));
        // srid 5973 is EPSG:25833 with NN2000 heights: the horizontal CRS is what the loader transforms from.
        Assert.All(features, f => Assert.Equal(25833, f.Geometry!.SRID));
        Assert.Equal(262000.5, features[0].Geometry!.Coordinates[0].X);
        Assert.Equal(6625000.25, features[0].Geometry!.Coordinates[0].Y);

        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.EndsWith("/vegnett/api/v4/veglenkesekvenser/segmentert", r.Path, StringComparison.Ordinal));
        Assert.Equal("3218", requests[0].Parameter("kommune"));
        Assert.Equal("5973", requests[0].Parameter("srid"));
        Assert.Equal("3", requests[0].Parameter("antall"));
        Assert.Equal("c2lkZTI", requests[1].Parameter("start"));
        Assert.False(string.IsNullOrEmpty(client));
    }

    [Fact]
    public async Task Reads_the_recorded_v3_page_with_its_3d_wkt_and_three_digit_kommune()
    {
        await using var server = await FixtureServer.StartAsync((context, _) =>
            FixtureServerFiles.ServeAsync(context, Nvdb("v3-vegnett-veglenkesekvenser-segmentert.nvdb-api-client-testdata.json"), "application/json"));
        using var services = server.Services(Settings(server, 1000));
        var source = services.GetRequiredService<FeatureServices>().Nvdb("Nvdb", new NvdbQuery(null));

        var features = await Fixtures.ReadAllAsync(source);

        // returnert (1) is below the page size, so the recorded page is the last; both its objects are read.
        Assert.Equal(["0.0-0.45729325@1", "0.0-0.45729325@2"], features.Select(f => f.Id));
        Assert.Single(server.Requests);
        Assert.All(features, f => Assert.Equal("P", f.Properties["vegsystemreferanse.vegsystem.vegkategori"]));
        Assert.Equal(901L, features[0].Properties["kommune"]);
        Assert.Equal(25, features[0].Geometry!.NumPoints);
        Assert.Equal(110.00646, features[0].Geometry!.Coordinates[0].Z, 5);
        Assert.Equal("Enkel bilveg", features[0].Properties["typeVeg"]);
    }

    [Fact]
    public async Task A_refusal_names_the_request_and_the_services_message()
    {
        await using var server = await FixtureServer.StartAsync((context, _) =>
            FixtureServerFiles.ServeAsync(context, Nvdb("shaped-error-400.json"), "application/json", status: 400));
        using var services = server.Services(Settings(server, 1000));
        var source = services.GetRequiredService<FeatureServices>().Nvdb("Nvdb", new NvdbQuery("9999"));

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(source));

        Assert.Contains("kommune=9999", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ugyldig verdi for parameter kommune", error.Message, StringComparison.Ordinal);
    }
}
