using NetTopologySuite.Geometries;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

public sealed class GeoJsonFeatureReaderTests
{
    [Fact]
    public async Task Reads_features_with_dotted_properties_typed_values_and_the_declared_crs()
    {
        var path = Fixtures.Path("geojson", "kpomrade-3218-25833.geojson");
        var source = FileSources.Open(path);
        Assert.IsType<GeoJsonFeatureReader>(source);
        Assert.Equal(path, source.Description);

        var features = await Fixtures.ReadAllAsync(source);

        Assert.Equal(7, features.Count);
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], features.Select(f => f.Index));
        var first = features[0];
        Assert.Equal("kpomrade.3218.1", first.Id);
        Assert.Equal("3218", first.Properties["arealplanId.kommunenummer"]);
        Assert.Equal("2015001", first.Properties["arealplanId.planidentifikasjon"]);
        Assert.Equal(3L, first.Properties["planstatus"]);
        Assert.Equal(1234.5, first.Properties["areal"]);
        Assert.Equal(true, first.Properties["gjeldende"]);
        Assert.Null(first.Properties["vedtakendeligplandato"]);
        Assert.True(first.Properties.ContainsKey("vedtakendeligplandato"));
        Assert.Equal("Kommuneplan for Ås 2015–2027 (SYNTETISK)", first.Properties["plannavn"]);
        var polygon = Assert.IsType<Polygon>(first.Geometry);
        Assert.Equal(25833, polygon.SRID);
        Assert.Equal(1, polygon.NumInteriorRings);
        Assert.Equal(1_000_000 - 10_000, polygon.Area, 3);

        var second = features[1];
        Assert.Equal("17", second.Id);
        Assert.Equal(1110L, second.Properties["arealformål"]);
        Assert.Equal(2L, second.Properties["vertikalnivå"]);
        Assert.Equal("Sør", second.Properties["område"]);
        Assert.Equal("0301-2019", second.Properties["arealplanId.planidentifikasjon"]);
        var multi = Assert.IsType<MultiPolygon>(second.Geometry);
        Assert.Equal(2, multi.NumGeometries);
        Assert.Equal(1, ((Polygon)multi.GetGeometryN(1)).NumInteriorRings);

        // A self-intersecting ring is the loader's to repair (ST_MakeValid), not the reader's to refuse.
        var bowtie = features[2];
        Assert.False(bowtie.Geometry!.IsValid);
        Assert.Equal("[\"a\",\"b\"]", bowtie.Properties["tags"]);

        var point = Assert.IsType<Point>(features[3].Geometry);
        Assert.Equal(599500.25, point.X);
        Assert.Equal(6617000.75, point.Y);
        Assert.IsType<LineString>(features[4].Geometry);
        var collection = Assert.IsType<GeometryCollection>(features[5].Geometry);
        Assert.Equal(2, collection.NumGeometries);
        Assert.Empty(features[5].Properties);
        Assert.Null(features[6].Id);
        Assert.Null(features[6].Geometry);
    }

    [Fact]
    public async Task Without_a_crs_member_coordinates_are_crs84_and_codes_stay_strings()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("geojson", "crs84-without-crs-member.geojson")));

        var feature = Assert.Single(features);
        Assert.Equal(4326, feature.Geometry!.SRID);
        Assert.Equal(10.78, ((Point)feature.Geometry).X);
        Assert.Equal("0301", feature.Properties["kommunenummer"]);
    }

    [Theory]
    [InlineData("bad-unclosed-ring.geojson", "feature #1 (id 'rp-unclosed')", "exterior ring is not closed")]
    [InlineData("bad-non-numeric-coordinate.geojson", "feature #1 (id 'kp-text-coord')", "non-numeric coordinate \"6616000\"")]
    [InlineData("bad-unknown-geometry-type.geojson", "feature #1 (id 'kp-circle')", "\"Circle\" is not a GeoJSON geometry type")]
    [InlineData("bad-truncated.geojson", "feature #2", "malformed or truncated JSON")]
    [InlineData("bad-malformed.geojson", "feature #1", "malformed or truncated JSON")]
    [InlineData("bad-unsupported-crs.geojson", null, "CRS 'urn:ogc:def:crs:EPSG::999999' is not supported")]
    public async Task Bad_files_fail_naming_the_file_the_feature_and_the_reason(string file, string? feature, string reason)
    {
        var path = Fixtures.Path("geojson", file);

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(FileSources.Open(path)));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        if (feature is not null)
        {
            Assert.True(error.Message.Contains(feature, StringComparison.Ordinal), error.Message);
        }
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task Features_before_the_failure_are_delivered_in_order()
    {
        var seen = new List<string?>();
        var source = FileSources.Open(Fixtures.Path("geojson", "bad-truncated.geojson"));

        await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await foreach (var feature in source.ReadAsync(CancellationToken.None))
            {
                seen.Add(feature.Id);
            }
        });

        Assert.Equal(["ok-1", "ok-2"], seen);
    }

    [Fact]
    public async Task A_feature_larger_than_the_read_buffer_is_read_whole()
    {
        // 300,000 positions (~6 MB) in one ring: the buffer has to grow past its first megabyte.
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tomte-big-{Guid.NewGuid():N}.geojson");
        try
        {
            await using (var writer = new StreamWriter(path))
            {
                await writer.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"big\",\"properties\":{\"a\":1},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
                const int n = 300_000;
                for (var i = 0; i < n; i++)
                {
                    var angle = 2 * Math.PI * i / n;
                    await writer.WriteAsync(FormattableString.Invariant($"[{600000 + 1000 * Math.Cos(angle):F3},{6615000 + 1000 * Math.Sin(angle):F3}],"));
                }
                await writer.WriteAsync("[601000.000,6615000.000]]]}},{\"type\":\"Feature\",\"id\":\"small\",\"properties\":{},\"geometry\":null}]}");
            }

            var features = await Fixtures.ReadAllAsync(new GeoJsonFeatureReader(path));

            Assert.Equal(["big", "small"], features.Select(f => f.Id));
            Assert.Equal(300_001, features[0].Geometry!.NumPoints);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_single_feature_document_is_one_feature()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tomte-item-{Guid.NewGuid():N}.json");
        // The shape of pygeoapi's /items/{id}: links and properties first, id last.
        await File.WriteAllTextAsync(path, """{"type":"Feature","properties":{"arealplanId":{"kommunenummer":"3207"},"planstatus":3},"geometry":{"type":"Point","coordinates":[10.8,59.7]},"id":"rpomrade.42","links":[{"rel":"self","href":"http://localhost:5000/collections/rpomrade/items/42"}]}""");
        try
        {
            var feature = Assert.Single(await Fixtures.ReadAllAsync(FileSources.Open(path)));

            Assert.Equal("rpomrade.42", feature.Id);
            Assert.Equal("3207", feature.Properties["arealplanId.kommunenummer"]);
            Assert.Equal(4326, feature.Geometry!.SRID);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Unknown_extension_and_missing_file_are_named()
    {
        var missing = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "does-not-exist.geojson");
        var notFound = Assert.Throws<FileNotFoundException>(() => FileSources.Open(missing));
        Assert.Contains(missing, notFound.Message, StringComparison.Ordinal);

        var shp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tomte-{Guid.NewGuid():N}.shp");
        await File.WriteAllTextAsync(shp, "x");
        try
        {
            var error = Assert.Throws<SourceFormatException>(() => FileSources.Open(shp));
            Assert.Contains("'.shp' files cannot be read", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(shp);
        }
    }
}
