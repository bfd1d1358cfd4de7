using System.Text;
using Tomte.Tests.Analysis;
using Tomte.Worker.Analysis;
using Tomte.Worker.Ingest;

namespace Tomte.Tests.Ingest.Roads;

/// <summary>
/// The veg dataset through the real loader (lines into ref.road), and the analysis's distance from each site to the
/// nearest public road on the bundled sample data: checked against PostGIS computed independently here.
/// </summary>
public sealed class RoadLoadAndDistanceTests : IAsyncLifetime
{
    private readonly AnalysisScenario _scenario = new();
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-roads-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        await _scenario.InitializeAsync();
        Directory.CreateDirectory(_scratch);
        // Everything but Nesodden's roads, so one kommune has none.
        foreach (var (dataset, file, kommune) in SampleDataImport.Imports().Where(i => !(i.Dataset == "veg" && i.Kommunenummer == "3212")))
        {
            await Import(dataset, Path.Combine(SampleDataImport.SampleDirectory, file), kommune);
        }
    }

    public async Task DisposeAsync()
    {
        await _scenario.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    private Task<LoadResult> Import(string dataset, string path, string? kommune) =>
        _scenario.Get<FileImporter>().ImportAsync(Datasets.Find(dataset), path, kommune, null, null, null, CancellationToken.None);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _scenario.Database.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Roads_load_as_multilinestrings_with_their_category_and_a_second_load_is_unchanged()
    {
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM ref.road WHERE GeometryType(geom) <> 'MULTILINESTRING' OR ST_SRID(geom) <> 25833"));
        Assert.Equal("E,F,K,P,S", await ScalarAsync<string>("SELECT string_agg(DISTINCT vegkategori, ',' ORDER BY vegkategori) FROM ref.road WHERE kommunenummer = '3218'"));
        Assert.Equal(6, await ScalarAsync<int>("SELECT vegnummer FROM ref.road WHERE kommunenummer = '3218' AND vegkategori = 'E' LIMIT 1"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM ref.road WHERE kommunenummer = '3212'"));

        var again = await Import("veg", Path.Combine(SampleDataImport.SampleDirectory, "3218", "veger-3218.geojson"), "3218");
        Assert.Equal(LoadOutcome.Unchanged, again.Kommuner.Single().Outcome);
    }

    [Fact]
    public async Task A_polygon_or_an_unknown_vegkategori_is_refused_naming_the_file_and_the_feature()
    {
        var polygon = await WriteAsync("polygon.geojson", """{"type":"Polygon","coordinates":[[[262000,6625000],[262100,6625000],[262100,6625100],[262000,6625000]]]}""", "K");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Import("veg", polygon, "3218"));
        Assert.Contains("polygon.geojson", error.Message, StringComparison.Ordinal);
        Assert.Contains("veg-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("dataset veg takes lines", error.Message, StringComparison.Ordinal);

        var unknown = await WriteAsync("ukjent.geojson", """{"type":"LineString","coordinates":[[262000,6625000],[262100,6625000]]}""", "X");
        error = await Assert.ThrowsAnyAsync<Exception>(() => Import("veg", unknown, "3218"));
        Assert.Contains("ukjent.geojson", error.Message, StringComparison.Ordinal);
        Assert.Contains("veg-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'X' is not an NVDB vegkategori", error.Message, StringComparison.Ordinal);
        // Nothing half-written: the sample roads are still there.
        Assert.True(await ScalarAsync<long>("SELECT count(*) FROM ref.road WHERE kommunenummer = '3218'") > 10);
    }

    [Fact]
    public async Task Each_site_gets_the_distance_to_the_nearest_public_road_none_without_roads_and_a_road_load_reanalyses_its_kommune()
    {
        var first = await _scenario.Get<AnalysisRunner>().RunAsync([], null, null, CancellationToken.None);
        Assert.Empty(first.Failures);

        // Independently: the nearest E/R/F/K road by brute force, never a private or forest road.
        const string check = """
            SELECT count(*) FILTER (WHERE abs(t.naermeste_vei_m - d.distance) > 0.06),
                   count(*) FILTER (WHERE t.naermeste_vei_m = 0),
                   count(*) FILTER (WHERE t.naermeste_vei_m > 300),
                   count(*)
            FROM analysis.tomt t
            CROSS JOIN LATERAL (SELECT min(ST_Distance(r.geom, t.geom)) AS distance FROM ref.road r WHERE r.vegkategori IN ('E', 'R', 'F', 'K')) d
            WHERE t.kommunenummer IN ('3207', '3218') AND t.endring <> 'borte'
            """;
        await using (var command = _scenario.Database.DataSource.CreateCommand(check))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(0L, reader.GetInt64(0));
            Assert.True(reader.GetInt64(1) > 0, "some sites should touch a kommunal road");
            Assert.True(reader.GetInt64(2) > 0, "some sites should lie more than 300 m from a public road");
        }
        // A private road runs into some sites, yet they are still far from a public road.
        Assert.True(await ScalarAsync<long>("""
            SELECT count(*) FROM analysis.tomt t
            WHERE t.naermeste_vei_m > 50 AND EXISTS (SELECT 1 FROM ref.road r WHERE r.vegkategori = 'P' AND ST_Intersects(r.geom, t.geom))
            """) > 0);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE kommunenummer = '3212' AND naermeste_vei_m IS NOT NULL"));

        await Import("veg", Path.Combine(SampleDataImport.SampleDirectory, "3212", "veger-3212.geojson"), "3212");
        var second = await _scenario.Get<AnalysisRunner>().RunAsync([], null, null, CancellationToken.None);

        Assert.Equal(["3212"], second.Analysed.Select(r => r.Kommunenummer));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE kommunenummer = '3212' AND endring <> 'borte' AND naermeste_vei_m IS NULL"));
    }

    private async Task<string> WriteAsync(string name, string geometry, string kategori)
    {
        var path = Path.Combine(_scratch, name);
        var json = $$$"""
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25833"}},"features":[
              {"type":"Feature","id":"veg-1","properties":{"lokalId":"veg-1","kommunenummer":"3218","vegkategori":"{{{kategori}}}"},"geometry":{{{geometry}}}}]}
            """;
        await File.WriteAllTextAsync(path, json, Encoding.UTF8);
        return path;
    }
}
