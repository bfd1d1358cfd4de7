using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NetTopologySuite.Geometries;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Ingest;

namespace Tomte.Tests.Ingest;

/// <summary>A source yielding the given features, optionally failing after some: the real contract, in memory.</summary>
internal sealed class FeatureListSource(string description, IEnumerable<SourceFeature> features, int? failAfter = null, Action<long>? onFeature = null) : IFeatureSource
{
    public string Description { get; } = description;

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var feature in features)
        {
            if (failAfter is { } limit && count == limit)
            {
                throw new SourceFormatException(Description, $"#{count}", "unexpected end of data");
            }
            onFeature?.Invoke(count);
            yield return feature;
            count++;
            await Task.Yield();
        }
    }
}

/// <summary>A source whose reader breaks the way a bug does: not with a format error, but an unexpected exception.</summary>
internal sealed class BrokenReaderSource(IEnumerable<SourceFeature> features, int failAfter) : IFeatureSource
{
    public string Description => "broken.gml";

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var feature in features)
        {
            if (count++ == failAfter)
            {
                Break();
            }
            yield return feature;
            await Task.Yield();
        }
    }

    private static void Break() => throw new InvalidOperationException("the reader's state is corrupt (a forced failure)");
}

internal static class Features
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 25833);

    public static Polygon Square(double x, double y, double size, int srid = 25833)
    {
        var polygon = Factory.CreatePolygon([new(x, y), new(x + size, y), new(x + size, y + size), new(x, y + size), new(x, y)]);
        polygon.SRID = srid;
        return polygon;
    }

    /// <summary>A self-intersecting "bow tie" ring, as real plan data sometimes has.</summary>
    public static Polygon BowTie(double x, double y, double size) =>
        Factory.CreatePolygon([new(x, y), new(x + size, y + size), new(x + size, y), new(x, y + size), new(x, y)]);

    public static SourceFeature Rp(long index, string plan, int planstatus, Geometry geometry, string kommune = "3218") => new(
        index, $"rpomrade.{index}", geometry, new Dictionary<string, object?>
        {
            ["identifikasjon.lokalId"] = $"rp-{plan}-{index}",
            ["arealplanId.kommunenummer"] = kommune,
            ["arealplanId.planidentifikasjon"] = plan,
            ["plannavn"] = $"Plan {plan}",
            ["plantype"] = 35L,
            ["planstatus"] = (long)planstatus,
            ["vertikalnivå"] = 2L,
            ["ikrafttredelsesdato"] = "2021-06-15",
        });

    public static SourceFeature Kp(long index, int arealformal, Geometry geometry, string kommune = "3218") => new(
        index, $"kparealformal.{index}", geometry, new Dictionary<string, object?>
        {
            ["identifikasjon.lokalId"] = $"kp-{index}",
            ["arealplanId.kommunenummer"] = kommune,
            ["arealplanId.planidentifikasjon"] = "2019001",
            ["arealformål"] = (long)arealformal,
            ["arealbruksstatus"] = "2",
        });
}

public sealed class DatasetLoaderTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, services: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton<ILoggerProvider>(_logs);
        });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    private DatasetLoader Loader => TestHost.Get<DatasetLoader>(_host);

    private Task<LoadResult> LoadAsync(string dataset, IFeatureSource source, string? kommune = null, int? defaultSrid = null, IProgress<LoadProgress>? progress = null) =>
        Loader.LoadAsync(new LoadRequest(Datasets.Find(dataset), source, SourceKind.File, kommune, defaultSrid), progress, CancellationToken.None);

    private static IEnumerable<SourceFeature> PlanSet(params (string Plan, int Status, double X)[] plans) =>
        plans.Select((p, i) => Features.Rp(i, p.Plan, p.Status, Features.Square(p.X, 6_620_000, 100)));

    [Fact]
    public async Task A_load_repairs_invalid_rings_drops_slivers_transforms_and_records_the_load()
    {
        var features = new List<SourceFeature>
        {
            Features.Kp(0, 1110, Features.Square(600_000, 6_620_000, 200)),
            Features.Kp(1, 1110, Features.BowTie(600_500, 6_620_000, 100)),
            Features.Kp(2, 1800, Features.Square(601_000, 6_620_000, 0.5)),                       // 0.25 m²: a sliver
            Features.Kp(3, 1130, Features.Square(10.78, 59.66, 0.001, srid: 4326)),               // Ås in WGS 84
            Features.Kp(4, 5100, new GeometryFactory().CreateMultiPolygon([Features.Square(602_000, 6_620_000, 50), Features.Square(602_100, 6_620_000, 50)])),
        };
        features[4].Geometry!.SRID = 25833;

        var result = await LoadAsync("kp-arealformal", new FeatureListSource("kp.geojson", features));

        var kommune = Assert.Single(result.Kommuner);
        Assert.Equal(("3218", LoadOutcome.Loaded, 4, 1, 1), (kommune.Kommunenummer, kommune.Outcome, kommune.FeatureCount, kommune.Repaired, kommune.Dropped));
        Assert.Equal(5, result.FeaturesRead);
        Assert.Equal(4L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.kp_arealformal WHERE kommunenummer = '3218'"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.kp_arealformal WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 25833"));
        // The bow tie becomes two triangles of 2,500 m² each.
        Assert.Equal(5_000, await _database.ScalarAsync<double>("SELECT ST_Area(geom) FROM plan.kp_arealformal WHERE source_id = 'kp-1'"), 3);
        var wgs84X = await _database.ScalarAsync<double>("SELECT ST_X(ST_Centroid(geom)) FROM plan.kp_arealformal WHERE source_id = 'kp-3'");
        // Ås lies at E 257 000-269 000 in UTM zone 33 (E 595 000-606 000 is its zone 32 easting).
        Assert.InRange(wgs84X, 257_000, 269_000);
        Assert.Equal(2, await _database.ScalarAsync<int>("SELECT ST_NumGeometries(geom) FROM plan.kp_arealformal WHERE source_id = 'kp-4'"));
        Assert.Equal("2", await _database.ScalarAsync<string>("SELECT arealbruksstatus::text FROM plan.kp_arealformal WHERE source_id = 'kp-0'"));

        await using var load = _database.DataSource.CreateCommand(
            "SELECT source_kind, source, outcome, feature_count, repaired_count, dropped_count, checksum, started_at FROM ingest.load");
        await using var reader = await load.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("file", "kp.geojson", "loaded", 4, 1, 1), (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5)));
        Assert.StartsWith("sha256:", reader.GetString(6), StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow(), reader.GetFieldValue<DateTimeOffset>(7));
    }

    [Fact]
    public async Task Reloading_an_unchanged_source_records_unchanged_and_touches_no_row()
    {
        var plans = PlanSet(("A", 3, 600_000), ("B", 2, 600_200)).ToList();
        await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", plans));
        var before = await _database.ScalarAsync<string>("SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM plan.rp_planomrade");

        var again = await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", plans));

        Assert.Equal(LoadOutcome.Unchanged, Assert.Single(again.Kommuner).Outcome);
        Assert.Equal(new ChangeSummary(0, 0, 0, 0, FirstLoad: false), again.Kommuner[0].Changes);
        Assert.Equal(before, await _database.ScalarAsync<string>("SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM plan.rp_planomrade"));
        Assert.Equal("loaded,unchanged", await _database.ScalarAsync<string>("SELECT string_agg(outcome, ',' ORDER BY load_id) FROM ingest.load"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.plan_change"));
    }

    [Fact]
    public async Task A_source_failing_mid_stream_leaves_the_previous_data_and_records_the_failure()
    {
        await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", PlanSet(("A", 3, 600_000), ("B", 2, 600_200))));
        var before = await _database.ScalarAsync<string>("SELECT string_agg(id || ':' || xmin::text || ':' || planidentifikasjon, ',' ORDER BY id) FROM plan.rp_planomrade");

        var newer = PlanSet(("C", 3, 600_000), ("D", 3, 600_200), ("E", 1, 600_400), ("F", 1, 600_600));
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", new FeatureListSource("rp-ny.gml", newer, failAfter: 3)));

        Assert.Contains("rp-ny.gml: feature #3: unexpected end of data", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _database.ScalarAsync<string>("SELECT string_agg(id || ':' || xmin::text || ':' || planidentifikasjon, ',' ORDER BY id) FROM plan.rp_planomrade"));
        Assert.Equal("failed", await _database.ScalarAsync<string>("SELECT outcome FROM ingest.load ORDER BY load_id DESC LIMIT 1"));
        Assert.Contains("unexpected end of data", await _database.ScalarAsync<string>("SELECT error FROM ingest.load ORDER BY load_id DESC LIMIT 1"), StringComparison.Ordinal);
        Assert.Equal(3, await _database.ScalarAsync<int>("SELECT feature_count FROM ingest.load ORDER BY load_id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_failure_inside_a_load_reaches_the_caller_whole_and_the_log_with_its_stack_trace()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoadAsync("rp-planomrade", new BrokenReaderSource(PlanSet(("A", 3, 600_000), ("B", 2, 600_200)), failAfter: 1)));

        Assert.Equal("the reader's state is corrupt (a forced failure)", error.Message);
        var logged = Assert.Single(_logs.Entries, e => e.EventId == 3503);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Same(error, logged.Exception);
        Assert.Contains("BrokenReaderSource.Break()", logged.Exception!.StackTrace, StringComparison.Ordinal);
        Assert.Contains("DatasetLoader", logged.Exception.StackTrace, StringComparison.Ordinal);
        Assert.Equal("the reader's state is corrupt (a forced failure)", await _database.ScalarAsync<string>("SELECT error FROM ingest.load WHERE outcome = 'failed'"));
    }

    [Fact]
    public async Task A_failure_to_record_a_failed_load_is_logged_and_the_original_error_still_reaches_the_caller()
    {
        // The database refuses the failure record (as it would when the connection is gone).
        await using (var refuse = _database.DataSource.CreateCommand("ALTER TABLE ingest.load ADD CONSTRAINT refuse_failures CHECK (outcome <> 'failed') NOT VALID"))
        {
            await refuse.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<SourceFormatException>(() =>
            LoadAsync("rp-planomrade", new FeatureListSource("rp-ny.gml", PlanSet(("A", 3, 600_000), ("B", 2, 600_200)), failAfter: 1)));

        Assert.Equal("rp-ny.gml: feature #1: unexpected end of data", error.Message);
        var secondary = Assert.Single(_logs.Entries, e => e.EventId == 3505);
        Assert.Contains("refuse_failures", Assert.IsType<Npgsql.PostgresException>(secondary.Exception).ConstraintName, StringComparison.Ordinal);
        Assert.Same(error, Assert.Single(_logs.Entries, e => e.EventId == 3503).Exception);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load"));
    }

    [Fact]
    public async Task A_feature_missing_a_required_attribute_is_named_and_nothing_changes()
    {
        await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", PlanSet(("A", 3, 600_000))));
        var broken = PlanSet(("A", 3, 600_000), ("B", 3, 600_200)).ToList();
        var properties = new Dictionary<string, object?>(broken[1].Properties);
        properties.Remove("planstatus");
        broken[1] = broken[1] with { Properties = properties };

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", new FeatureListSource("rp-ny.gml", broken)));

        Assert.Equal("rp-ny.gml: feature #1 (id 'rpomrade.1'): missing required attribute 'planstatus' (planstatus)", error.Message);
        Assert.Equal("A", await _database.ScalarAsync<string>("SELECT string_agg(planidentifikasjon, ',') FROM plan.rp_planomrade"));
    }

    [Fact]
    public async Task Bad_values_and_crs_are_named_per_feature()
    {
        var notANumber = Features.Rp(0, "A", 3, Features.Square(600_000, 6_620_000, 100));
        notANumber = notANumber with { Properties = new Dictionary<string, object?>(notANumber.Properties) { ["planstatus"] = "vedtatt" } };
        var noCrs = Features.Rp(0, "A", 3, Features.Square(600_000, 6_620_000, 100, srid: 0));
        var unknownCrs = Features.Rp(0, "A", 3, Features.Square(600_000, 6_620_000, 100, srid: 99_999));

        var value = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", new FeatureListSource("a.geojson", [notANumber])));
        var crs = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", new FeatureListSource("b.geojson", [noCrs])));
        var unknown = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", new FeatureListSource("c.geojson", [unknownCrs])));
        var withCrs = await LoadAsync("rp-planomrade", new FeatureListSource("b.geojson", [noCrs]), defaultSrid: 25833);

        Assert.Equal("a.geojson: feature #0 (id 'rpomrade.0'): attribute 'planstatus' is 'vedtatt', not a whole number", value.Message);
        Assert.Equal("b.geojson: feature #0 (id 'rpomrade.0'): geometry has no CRS (SRID 0); give the CRS of the source", crs.Message);
        Assert.Equal("c.geojson: feature #0 (id 'rpomrade.0'): geometry is in EPSG:99999, a CRS PostGIS does not know", unknown.Message);
        Assert.Equal(LoadOutcome.Loaded, Assert.Single(withCrs.Kommuner).Outcome);
        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load WHERE outcome = 'failed'"));
    }

    [Fact]
    public async Task A_geometry_postgis_cannot_transform_is_named_by_feature()
    {
        await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", PlanSet(("A", 3, 600_000))));
        var features = PlanSet(("A", 3, 600_000), ("B", 3, 600_200), ("C", 3, 600_400)).ToList();
        // Latitude 1000 in WGS 84: the reader took it, the transform to UTM cannot.
        features.Add(Features.Rp(3, "D", 3, Features.Square(10.78, 1_000, 0.001, srid: 4326)));
        features.AddRange(PlanSet(("E", 3, 600_600), ("F", 3, 600_800)).Select((f, i) => f with { Index = 4 + i }));

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", new FeatureListSource("rp-ny.gml", features)));

        Assert.StartsWith("rp-ny.gml: feature #3: PostGIS refused the geometry: ", error.Message, StringComparison.Ordinal);
        Assert.Equal("A", await _database.ScalarAsync<string>("SELECT string_agg(planidentifikasjon, ',') FROM plan.rp_planomrade"));
    }

    [Fact]
    public async Task Plan_changes_are_recorded_with_status_transitions()
    {
        await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", PlanSet(("A", 2, 600_000), ("B", 3, 600_200), ("C", 1, 600_400), ("D", 3, 600_600))));

        // A is adopted (2 -> 3), B is removed, C's border moved, D is untouched, E is new and already adopted.
        var second = await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", PlanSet(("A", 3, 600_000), ("C", 1, 600_410), ("D", 3, 600_600), ("E", 6, 600_800))));

        var changes = Assert.Single(second.Kommuner).Changes!;
        Assert.Equal(new ChangeSummary(Added: 1, Removed: 1, Changed: 2, Adopted: 2, FirstLoad: false), changes);
        await using var command = _database.DataSource.CreateCommand("""
            SELECT string_agg(format('%s:%s:%s->%s:%s', planidentifikasjon, change, old_planstatus, new_planstatus, geometry_changed), ' ' ORDER BY planidentifikasjon)
            FROM ingest.plan_change WHERE dataset = 'rp-planomrade' AND kommunenummer = '3218'
            """);
        Assert.Equal("A:changed:2->3:f B:removed:3->:t C:changed:1->1:t E:added:->6:t", (string?)await command.ExecuteScalarAsync());
        // "A reguleringsplan was adopted over this site": a site inside A is answerable from plan_change alone.
        Assert.Equal("A", await _database.ScalarAsync<string>("""
            SELECT string_agg(planidentifikasjon, ',') FROM ingest.plan_change
            WHERE new_planstatus IN (3, 6) AND coalesce(old_planstatus, 0) NOT IN (3, 6)
              AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(600050, 6620050), 25833))
            """));
        Assert.Equal("A,C,D,E", await _database.ScalarAsync<string>("SELECT string_agg(planidentifikasjon, ',' ORDER BY planidentifikasjon) FROM plan.rp_planomrade"));
    }

    [Fact]
    public async Task A_first_load_says_so_instead_of_listing_every_plan_as_added()
    {
        var result = await LoadAsync("rp-planomrade", new FeatureListSource("rp.gml", PlanSet(("A", 2, 600_000))));

        Assert.Equal(new ChangeSummary(0, 0, 0, 0, FirstLoad: true), result.Kommuner[0].Changes);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.plan_change"));
    }

    [Fact]
    public async Task Each_kommune_is_swapped_on_its_own()
    {
        var both = new[]
        {
            Features.Rp(0, "A", 3, Features.Square(600_000, 6_620_000, 100), "3218"),
            Features.Rp(1, "B", 3, Features.Square(600_000, 6_630_000, 100), "3207"),
        };
        var first = await LoadAsync("rp-planomrade", new FeatureListSource("alle.gml", both));
        Assert.Equal(["3207", "3218"], first.Kommuner.Select(k => k.Kommunenummer));

        // A file for Ås only, with a neighbour's plan in its bounding box: Nordre Follo stays as it was.
        var aas = new[]
        {
            Features.Rp(0, "A2", 3, Features.Square(600_000, 6_620_000, 100), "3218"),
            Features.Rp(1, "X", 3, Features.Square(600_000, 6_630_000, 100), "3207"),
        };
        var second = await LoadAsync("rp-planomrade", new FeatureListSource("aas.gml", aas), kommune: "3218");

        Assert.Equal(1, second.SkippedOtherKommuner);
        Assert.Equal("3207:B,3218:A2", await _database.ScalarAsync<string>(
            "SELECT string_agg(kommunenummer || ':' || planidentifikasjon, ',' ORDER BY kommunenummer) FROM plan.rp_planomrade"));
    }

    [Fact]
    public async Task Unknown_dataset_and_unknown_kommune_are_refused_before_any_work()
    {
        var source = new FeatureListSource("x.geojson", PlanSet(("A", 3, 600_000)));

        var dataset = await Assert.ThrowsAsync<UnknownDatasetException>(() => LoadAsync("reguleringsplan", source));
        var kommune = await Assert.ThrowsAsync<UnknownKommuneException>(() => LoadAsync("rp-planomrade", source, kommune: "9999"));
        var notForKommune = await Assert.ThrowsAsync<SourceFormatException>(() => LoadAsync("rp-planomrade", source, kommune: "3207"));

        Assert.StartsWith("ukjent datasett 'reguleringsplan'; kjente datasett: kp-arealformal, ", dataset.Message, StringComparison.Ordinal);
        Assert.Equal("ukjent kommune '9999': er ikke et kommunenummer (fire siffer med et fylke fra 2024, f.eks. 3218)", kommune.Message);
        Assert.Equal("x.geojson: no rp-planomrade features for kommune 3207 (1 features read, 1 of other kommuner, 0 of other feature types)", notForKommune.Message);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade"));
    }

    [Fact]
    public async Task Once_borders_are_loaded_a_kommune_without_one_is_unknown()
    {
        var border = new SourceFeature(0, "kommune.1", Features.Square(595_000, 6_615_000, 11_000), new Dictionary<string, object?>
        {
            ["kommunenummer"] = "3218",
            ["kommunenavn"] = "Ås",
        });
        var islands = border with { Index = 1, Id = "kommune.2", Geometry = Features.Square(590_000, 6_615_000, 1_000) };
        await LoadAsync("kommune", new FeatureListSource("kommuner.gml", [border, islands]));

        var error = await Assert.ThrowsAsync<UnknownKommuneException>(() =>
            LoadAsync("rp-planomrade", new FeatureListSource("x.geojson", PlanSet(("A", 3, 600_000))), kommune: "3281"));

        Assert.Contains("'3281'", error.Message, StringComparison.Ordinal);
        Assert.Equal(122_000_000, await _database.ScalarAsync<double>("SELECT ST_Area(geom) FROM ref.kommune WHERE kommunenummer = '3218' AND navn = 'Ås'"), 0);
    }

    [Fact]
    public async Task Teig_hensynssoner_constraints_and_stops_map_their_aliases()
    {
        var teig = new[]
        {
            new SourceFeature(0, "teig.1", Features.Square(600_000, 6_620_000, 30), new Dictionary<string, object?>
                { ["kommunenummer"] = "3218", ["gardsnummer"] = 12L, ["bruksnummer"] = 34L }),
            new SourceFeature(1, "teig.2", Features.Square(600_100, 6_620_000, 30), new Dictionary<string, object?>
                { ["kommunenummer"] = 3218L, ["matrikkelnummertekst"] = "12/35/1" }),
        };
        var hensyn = new[]
        {
            new SourceFeature(0, "h.1", Features.Square(600_000, 6_620_000, 30), new Dictionary<string, object?>
                { ["arealplanId.kommunenummer"] = "3218", ["featureType"] = "app:KpFareSone", ["fare"] = "310" }),
            new SourceFeature(1, "h.2", Features.Square(600_100, 6_620_000, 30), new Dictionary<string, object?>
                { ["arealplanId.kommunenummer"] = "3218", ["hensynskode"] = "H570" }),
            new SourceFeature(2, "a.3", Features.Square(600_200, 6_620_000, 30), new Dictionary<string, object?>
                { ["arealplanId.kommunenummer"] = "3218", ["featureType"] = "KpArealformålOmråde", ["arealformål"] = 1110L }),
        };
        var verne = new[]
        {
            new SourceFeature(0, "v.1", Features.Square(600_000, 6_620_000, 300), new Dictionary<string, object?> { ["navn"] = "Syntetisk naturreservat" }),
        };
        var stop = new[]
        {
            new SourceFeature(0, "NSR:StopPlace:1", new GeometryFactory(new PrecisionModel(), 25833).CreatePoint(new Coordinate(600_000, 6_620_000)),
                new Dictionary<string, object?> { ["kommunenummer"] = "3218", ["name"] = "Ås stasjon", ["transportMode"] = "rail" }),
        };

        await LoadAsync("teig", new FeatureListSource("teig.gml", teig));
        var hensynResult = await LoadAsync("kp-hensynssoner", new FeatureListSource("kp.gml", hensyn));
        await LoadAsync("verneomrader", new FeatureListSource("vern.geojson", verne), kommune: "3218");
        await LoadAsync("stoppesteder", new FeatureListSource("stopp.xml", stop));

        Assert.Equal("12/34/0/0,12/35/1/0", await _database.ScalarAsync<string>("SELECT string_agg(format('%s/%s/%s/%s', gnr, bnr, fnr, snr), ',' ORDER BY gnr, bnr) FROM ref.teig"));
        Assert.Equal(1, hensynResult.OtherFeatureTypes);
        Assert.Equal("KP:angitt hensyn:570,KP:fare:310", await _database.ScalarAsync<string>("SELECT string_agg(format('%s:%s:%s', plannivå, kind, code), ',' ORDER BY kind) FROM plan.hensynssone"));
        Assert.Equal("verneomrade:3218:Syntetisk naturreservat", await _database.ScalarAsync<string>("SELECT format('%s:%s:%s', kind, kommunenummer, name) FROM ref.constraint_area"));
        Assert.Equal("NSR:StopPlace:1:rail:POINT", await _database.ScalarAsync<string>("SELECT format('%s:%s:%s', source_id, transport_mode, GeometryType(geom)) FROM ref.stop_place"));
    }

    [Fact]
    public async Task Long_loads_report_features_and_rate()
    {
        var reports = new List<LoadProgress>();
        var progress = new SynchronousProgress(reports.Add);
        var features = Enumerable.Range(0, 2_000).Select(i => Features.Rp(i, $"P{i}", 3, Features.Square(600_000 + (i * 10), 6_620_000, 5)));
        // One second of fake time per 100 features: 20 s in all, 5 s between reports.
        var source = new FeatureListSource("stor.gml", features, onFeature: i => { if (i % 100 == 0) { _time.Advance(TimeSpan.FromSeconds(1)); } });

        await LoadAsync("rp-planomrade", source, progress: progress);

        // Parsing runs ahead of loading, so the rate is only exact at the end: 2,000 features in 20 s.
        Assert.True(reports.Count >= 3, $"only {reports.Count} progress reports");
        Assert.Equal(reports.Select(r => r.FeaturesRead).Order(), reports.Select(r => r.FeaturesRead));
        Assert.Equal(2_000, reports[^1].FeaturesRead);
        Assert.Equal(100, reports[^1].FeaturesPerSecond, 1);
    }

    private sealed class SynchronousProgress(Action<LoadProgress> report) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value) => report(value);
    }
}
