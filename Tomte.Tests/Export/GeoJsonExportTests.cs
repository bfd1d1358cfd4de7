using System.Text.Json;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis.Export;

namespace Tomte.Tests.Export;

/// <summary>
/// <c>tomte export --format geojson</c>: one RFC 7946 FeatureCollection per layer in a folder, in WGS 84, with the
/// view's columns as properties; <c>--kommune</c> keeps only that kommune's rows in every layer.
/// </summary>
public sealed class GeoJsonExportTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("tomte-geojson-").FullName;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await ExportFixture.LoadAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task Each_layer_is_a_feature_collection_with_the_kommune_s_rows_areas_and_properties()
    {
        var folder = Path.Combine(_scratch, "geojson");
        using var host = TestHost.Build(_database);
        var result = await TestHost.Get<ExportRunner>(host).RunAsync(new ExportRequest(ExportFormat.GeoJson, folder, ["3218"]), null, CancellationToken.None);

        Assert.Equal(ExportLayers.All.Select(l => l.Name + ".geojson").Order(StringComparer.Ordinal),
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (layer, rows) in result.Layers)
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, layer.Name + ".geojson")));
            var root = json.RootElement;
            Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
            Assert.Equal(layer.Name, root.GetProperty("name").GetString());
            Assert.False(root.TryGetProperty("crs", out _)); // RFC 7946: WGS 84 by definition, no crs member
            var features = root.GetProperty("features").EnumerateArray().ToArray();
            Assert.Equal(rows, features.Length);
            Assert.Equal(await _database.ScalarAsync<long>($"SELECT count(*) FROM analysis.{layer.View} WHERE kommunenummer = '3218'"), rows);

            foreach (var feature in features)
            {
                Assert.Equal("Feature", feature.GetProperty("type").GetString());
                var properties = feature.GetProperty("properties");
                Assert.Equal("3218", properties.GetProperty("kommunenummer").GetString());
                Assert.False(properties.TryGetProperty("geom", out _));
                var key = properties.GetProperty(layer.Key).ToString();
                // Back in EPSG:25833 the area is the view's, to within 1 cm along the outline (7 decimals of a degree).
                await using var command = _database.DataSource.CreateCommand(
                    $"""
                    SELECT abs(ST_Area(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 25833)) - ST_Area(v.geom))
                           + abs(ST_Length(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 25833)) - ST_Length(v.geom)),
                           ST_Perimeter(v.geom) + ST_Length(v.geom),
                           ST_GeometryType(ST_GeomFromGeoJSON($1)), ST_XMin(ST_GeomFromGeoJSON($1)), ST_YMin(ST_GeomFromGeoJSON($1))
                    FROM analysis.{layer.View} v WHERE v.{layer.Key}::text = $2
                    """);
                command.Parameters.AddWithValue(feature.GetProperty("geometry").GetRawText());
                command.Parameters.AddWithValue(key);
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync(), $"{layer.Name}: {key} is not in analysis.{layer.View}");
                Assert.True(reader.GetDouble(0) < 0.01 * reader.GetDouble(1), $"{layer.Name} {key}: area off by {reader.GetDouble(0)} m²");
                Assert.Equal(layer.GeometryType == "MULTILINESTRING" ? "ST_MultiLineString" : "ST_MultiPolygon", reader.GetString(2));
                Assert.InRange(reader.GetDouble(3), 10.5, 11.2); // longitude of Ås
                Assert.InRange(reader.GetDouble(4), 59.5, 59.8); // latitude of Ås
            }
        }

        using var tomter = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "tomter.geojson")));
        var site = tomter.RootElement.GetProperty("features")[0].GetProperty("properties");
        Assert.Equal("3218-0001", site.GetProperty("tomte_id").GetString());
        Assert.Equal(230.00m, site.GetProperty("areal_daa").GetDecimal());
        Assert.Equal(0.12m, site.GetProperty("andel_flomsone").GetDecimal());
        Assert.Equal(JsonValueKind.False, site.GetProperty("ma_vurderes").ValueKind);
        Assert.Equal("R-3 Syntetisk planforslag (reguleringsplan, planstatus 2)", site.GetProperty("plansignaler").GetString());
        Assert.Equal(JsonValueKind.Null, site.GetProperty("regulert_av").ValueKind);
    }
}
