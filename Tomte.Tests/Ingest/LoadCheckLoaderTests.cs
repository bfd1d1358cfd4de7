using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NetTopologySuite.Geometries;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.LoadChecks;

namespace Tomte.Tests.Ingest;

/// <summary>
/// The load checks of issue 8 through the loader itself, for inputs a file on disk cannot easily hold (NaN) and for
/// the per-dataset rules: geometry collections, teig parts, several kommuner in one source.
/// </summary>
public sealed class LoadCheckLoaderTests : IAsyncLifetime
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 25833);

    private readonly PostgisDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, services: s => s.AddSingleton<TimeProvider>(_time));
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    private Task<LoadResult> LoadAsync(string dataset, IEnumerable<SourceFeature> features, string? kommune = "3218", string source = "test.geojson") =>
        TestHost.Get<DatasetLoader>(_host).LoadAsync(new LoadRequest(Datasets.Find(dataset), new FeatureListSource(source, features.ToList()), SourceKind.File, kommune), null, CancellationToken.None);

    private Task<string?> RowsAsync(string table) =>
        _database.ScalarAsync<string>($"SELECT count(*) || ':' || md5(string_agg(r::text || ':' || r.xmin::text, ',' ORDER BY r.id)) FROM {table} r");

    private async Task<string> GoodPlansAsync()
    {
        await LoadAsync("rp-planomrade", [Features.Rp(0, "A", 3, Features.Square(600_000, 6_620_000, 100)), Features.Rp(1, "B", 3, Features.Square(600_200, 6_620_000, 100))]);
        return (await RowsAsync("plan.rp_planomrade"))!;
    }

    [Fact]
    public async Task A_NaN_coordinate_is_refused_naming_the_feature_instead_of_vanishing_as_a_sliver()
    {
        var before = await GoodPlansAsync();
        var nan = Factory.CreatePolygon([new(600_000, 6_620_000), new(double.NaN, 6_620_000), new(600_100, 6_620_100), new(600_000, 6_620_000)]);

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", [Features.Rp(0, "A", 3, Features.Square(600_000, 6_620_000, 100)), Features.Rp(1, "N", 3, nan)]));

        Assert.Equal("test.geojson: feature #1 (id 'rpomrade.1'): coordinate (NaN, 6620000) is not a position on a map (not finite, or beyond ±1e9)", error.Message);
        Assert.Equal(before, await RowsAsync("plan.rp_planomrade"));
    }

    [Fact]
    public async Task A_geometry_collection_is_split_into_its_polygons_and_the_rest_is_reported()
    {
        await GoodPlansAsync();
        var collection = Factory.CreateGeometryCollection([
            Features.Square(600_000, 6_620_000, 100), Factory.CreatePoint(new Coordinate(600_500, 6_620_500)),
            Factory.CreateLineString([new(600_600, 6_620_000), new(600_700, 6_620_000)]), Features.Square(600_200, 6_620_000, 100)]);

        var result = await LoadAsync("rp-planomrade", [Features.Rp(0, "C", 3, collection)]);

        var kommune = Assert.Single(result.Kommuner);
        Assert.Equal((1, 2), (kommune.FeatureCount, kommune.Report!.Refused));
        Assert.Contains("3218: 2 deler av geometrisamlinger som ikke er flater (punkter, linjer) er utelatt; flatene er lastet inn", result.Notices!);
        Assert.Equal(20_000, await _database.ScalarAsync<double>("SELECT ST_Area(geom) FROM plan.rp_planomrade WHERE planidentifikasjon = 'C'"), 3);
        Assert.Equal(2, await _database.ScalarAsync<int>("SELECT refused_count FROM ingest.load ORDER BY load_id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_geometry_collection_without_a_polygon_is_refused_like_a_point()
    {
        var before = await GoodPlansAsync();
        var collection = Factory.CreateGeometryCollection([Factory.CreatePoint(new Coordinate(600_500, 6_620_500)), Factory.CreateLineString([new(600_600, 6_620_000), new(600_700, 6_620_000)])]);

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", [Features.Rp(0, "C", 3, collection)]));
        var point = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", [Features.Rp(0, "C", 3, Factory.CreatePoint(new Coordinate(600_500, 6_620_500)))]));

        Assert.Equal("test.geojson: feature #0 (id 'rpomrade.0'): has a GeometryCollection without a polygon (Point, LineString); dataset rp-planomrade takes polygons", error.Message);
        Assert.Equal("test.geojson: feature #0 (id 'rpomrade.0'): has a Point geometry; dataset rp-planomrade takes polygons", point.Message);
        Assert.Equal(before, await RowsAsync("plan.rp_planomrade"));
    }

    private static SourceFeature Teig(long index, string id, string matrikkel, Geometry geometry) => new(
        index, $"teig.{index}", geometry, new Dictionary<string, object?>
        {
            ["identifikasjon.lokalId"] = id,
            ["kommunenummer"] = "3218",
            ["matrikkelnummertekst"] = matrikkel,
        });

    [Fact]
    public async Task Teig_parts_with_the_same_id_and_matrikkelnummer_are_merged_and_a_disagreeing_part_is_refused()
    {
        var result = await LoadAsync("teig", [
            Teig(0, "teig-1", "12/3", Features.Square(600_000, 6_620_000, 100)),
            Teig(1, "teig-2", "12/4", Features.Square(600_300, 6_620_000, 100)),
            Teig(2, "teig-1", "12/3", Features.Square(600_600, 6_620_000, 100)),
        ]);

        var kommune = Assert.Single(result.Kommuner);
        Assert.Equal((2, 1), (kommune.FeatureCount, kommune.Report!.Merged));
        Assert.Equal(20_000, await _database.ScalarAsync<double>("SELECT ST_Area(geom) FROM ref.teig WHERE source_id = 'teig-1'"), 3);
        Assert.Equal(2, await _database.ScalarAsync<int>("SELECT ST_NumGeometries(geom) FROM ref.teig WHERE source_id = 'teig-1'"));
        var before = await RowsAsync("ref.teig");

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("teig", [
            Teig(0, "teig-1", "12/3", Features.Square(600_000, 6_620_000, 100)),
            Teig(1, "teig-1", "12/5", Features.Square(600_600, 6_620_000, 100)),
        ]));

        Assert.Equal("test.geojson: source id 'teig-1' appears 2 times in kommune 3218 with different attributes (parts of one teig must agree): features #0 and #1", error.Message);
        Assert.Equal(before, await RowsAsync("ref.teig"));
    }

    [Fact]
    public async Task The_borders_take_a_new_kommune_and_then_it_is_known_to_every_dataset()
    {
        // 3299 is not a kommune in 2024; a future reform could make it one, and its border arrives first.
        var border = new SourceFeature(0, "kommune.0", Features.Square(500_000, 6_700_000, 10_000), new Dictionary<string, object?>
        {
            ["kommunenummer"] = "3299",
            ["kommunenavn"] = "Nykommune",
        });
        await LoadAsync("kommune", [border], kommune: null);

        var result = await LoadAsync("rp-planomrade", [Features.Rp(0, "N", 3, Features.Square(501_000, 6_701_000, 100), kommune: "3299")], kommune: null);

        Assert.Equal(("3299", 1, true), (Assert.Single(result.Kommuner).Kommunenummer, result.Kommuner[0].FeatureCount, result.Kommuner[0].Report!.LocationChecked));
    }

    [Fact]
    public async Task Before_any_border_is_loaded_a_kommune_asked_for_must_be_in_the_2024_list()
    {
        var error = await Assert.ThrowsAsync<UnknownKommuneException>(() =>
            LoadAsync("rp-planomrade", [Features.Rp(0, "A", 3, Features.Square(600_000, 6_620_000, 100), kommune: "3299")], kommune: "3299"));

        Assert.Equal("ukjent kommune '3299': finnes ikke i kommunelisten fra 2024 (SSB Klass 131), og ingen kommunegrenser er lastet inn", error.Message);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade"));
    }

    [Fact]
    public void The_official_list_holds_357_kommuner_and_the_2024_renumbering()
    {
        Assert.Equal(357, OfficialKommuner.Numbers.Count);
        Assert.All(OfficialKommuner.Numbers, k => Assert.True(Kommuner.IsWellFormed(k), k));
        Assert.Equal(("Nordre Follo", "Nesodden", "Frogn", "Ås"), (OfficialKommuner.Name("3207"), OfficialKommuner.Name("3212"), OfficialKommuner.Name("3214"), OfficialKommuner.Name("3218")));
        Assert.Equal(("3207", "3212", "3218", "3901", "4026", "5501", "5605"),
            (OfficialKommuner.NewNumber("3020"), OfficialKommuner.NewNumber("3023"), OfficialKommuner.NewNumber("3021"), OfficialKommuner.NewNumber("3801"),
             OfficialKommuner.NewNumber("3818"), OfficialKommuner.NewNumber("5401"), OfficialKommuner.NewNumber("5444")));
        // Ålesund (1507) was split into Ålesund and Haram: no single new number.
        Assert.Null(OfficialKommuner.NewNumber("1507"));
        Assert.Null(OfficialKommuner.NewNumber("3218"));
    }
}
