using NetTopologySuite.Geometries;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

public sealed class GmlFeatureReaderTests
{
    [Fact]
    public async Task Reads_the_npad_kommuneplan_output_with_dotted_paths_and_zero_padded_codes()
    {
        var path = Fixtures.Path("gml", "kommuneplan-20190401_KpOmraade.gml-npad-formatter-output.gml");
        var source = FileSources.Open(path);
        Assert.IsType<GmlFeatureReader>(source);
        Assert.Equal(path, source.Description);

        var feature = Assert.Single(await Fixtures.ReadAllAsync(source));

        Assert.Equal("kpomrade.1", feature.Id);
        Assert.Equal("0301", feature.Properties["arealplanId.kommunenummer"]);
        Assert.Equal("kp-plan-0001", feature.Properties["arealplanId.planidentifikasjon"]);
        Assert.Equal("NO", feature.Properties["arealplanId.landkode"]);
        Assert.Equal("kp-smoke-001", feature.Properties["identifikasjon.lokalId"]);
        Assert.Equal("0301-test-kpomrade-01", feature.Properties["kopidata.områdeId"]);
        Assert.Equal("4", feature.Properties["planstatus"]);
        Assert.Equal("20", feature.Properties["plantype"]);
        Assert.Equal("Smoke Test Kommuneplan", feature.Properties["plannavn"]);
        Assert.False(feature.Properties.ContainsKey("område"));
        var polygon = Assert.IsType<Polygon>(feature.Geometry);
        Assert.Equal(25833, polygon.SRID);
        Assert.Equal(1_000_000, polygon.Area, 3);
        Assert.Equal(598000, polygon.EnvelopeInternal.MinX);
    }

    [Fact]
    public async Task Reads_the_npad_reguleringsplan_output()
    {
        var feature = Assert.Single(await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", "reguleringsplan-20190401_RpOmraade.gml-npad-formatter-output.gml"))));

        Assert.Equal("rpomrade.1", feature.Id);
        Assert.Equal("rp-plan-0001", feature.Properties["arealplanId.planidentifikasjon"]);
        Assert.Equal("35", feature.Properties["plantype"]);
        Assert.Equal(25833, feature.Geometry!.SRID);
    }

    [Fact]
    public async Task Reads_sosi_featureMember_files_with_holes_surfaces_rings_3d_and_inherited_crs()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", "kp-3218-synthetic.gml")));

        Assert.Equal(["kpo-1", "kpa-1", "kpa-2", "kph-1"], features.Select(f => f.Id));
        Assert.Equal([0L, 1, 2, 3], features.Select(f => f.Index));

        var omrade = features[0];
        Assert.Equal("3218", omrade.Properties["arealplanId.kommunenummer"]);
        Assert.Null(omrade.Properties["lovreferanse"]);
        var multi = Assert.IsType<MultiPolygon>(omrade.Geometry);
        Assert.Equal(25833, multi.SRID);

        var formal = features[1];
        Assert.Equal("1110", formal.Properties["arealformål"]);
        Assert.Equal("2", formal.Properties["vertikalnivå"]);
        Assert.Equal("#kpo-1", formal.Properties["kommuneplan"]);
        var withHoles = Assert.IsType<Polygon>(formal.Geometry);
        Assert.Equal(2, withHoles.NumInteriorRings);
        Assert.Equal(25833, withHoles.SRID); // inherited from the collection's gml:Envelope

        // srsDimension 3 in a compound CRS (ETRS89/UTM33 + NN2000): Z dropped, horizontal EPSG kept.
        var surface = features[2];
        var patch = Assert.IsType<Polygon>(surface.Geometry);
        Assert.Equal(25833, patch.SRID);
        Assert.Equal(160_000, patch.Area, 3);
        Assert.True(double.IsNaN(patch.Coordinate.Z));
        Assert.Equal("[\"#a\",\"#b\"]", surface.Properties["formål"]);
        Assert.False(surface.Properties.ContainsKey("posisjon"));

        // gml:Ring of curveMembers (LineString + Curve/LineStringSegment) joins into one closed ring.
        var hensyn = Assert.IsType<Polygon>(features[3].Geometry);
        Assert.Equal(5, hensyn.ExteriorRing.NumPoints);
        Assert.Equal(90_000, hensyn.Area, 3);
        Assert.Equal("H310_1", features[3].Properties["hensynSonenavn"]);
    }

    [Fact]
    public async Task A_feature_type_filter_keeps_one_type_and_the_source_index()
    {
        // The reader names each feature's type; the dataset's filter picks (the --lag override names one type).
        var all = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", "kp-3218-synthetic.gml")));
        var filter = FeatureTypeFilter.For(Datasets.Find("kp-planomrade"), "KpArealformålOmråde");
        var features = all.Where(filter.Takes).ToList();

        Assert.Equal(features, all.Where(FeatureTypeFilter.For(Datasets.Find("kp-arealformal")).Takes));
        Assert.All(features, f => Assert.Equal("KpArealformålOmråde", f.FeatureType));

        Assert.Equal(["kpa-1", "kpa-2"], features.Select(f => f.Id));
        Assert.Equal([1L, 2], features.Select(f => f.Index));
    }

    [Fact]
    public async Task Reads_rulevalidator_reguleringsplanforslag_with_multisurface_and_xlinks()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", "reguleringsplanforslag-5.0_Arealplan-RpOmraade-RpArealformaalOmraade.rulevalidator-testdata.gml")));

        var arealplan = features.Single(f => f.Id == "_e62e0d8a-7a86-4fa6-b35b-b7a319081fd3");
        Assert.Null(arealplan.Geometry);
        Assert.Equal("String", arealplan.Properties["nasjonalArealplanId.administrativEnhet.kommunenummer"]);
        var omrade = features.Single(f => f.Id == "_d23f6d0c-ac1d-4857-b2fc-a8501e014dfb");
        Assert.IsType<MultiPolygon>(omrade.Geometry);
        Assert.Equal(25832, omrade.Geometry!.SRID);
        Assert.Equal("5", omrade.Properties["vertikalnivå"]);
        Assert.Equal("23.32", omrade.Properties["vertikallag.referansehøyde"]);
    }

    [Fact]
    public async Task Reads_3d_rulevalidator_file_dropping_z()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", "reguleringsplanforslag-5.0_RpRegulertTerreng-3D.rulevalidator-testdata.gml")));

        var withGeometry = features.Where(f => f.Geometry is not null).ToList();
        Assert.NotEmpty(withGeometry);
        Assert.All(withGeometry, f =>
        {
            Assert.Equal(25832, f.Geometry!.SRID);
            Assert.InRange(f.Geometry.EnvelopeInternal.MinX, 484_000, 486_000);
            Assert.InRange(f.Geometry.EnvelopeInternal.MinY, 6_476_000, 6_478_000);
        });
    }

    [Fact]
    public async Task Wfs_page_counts_members_itself_when_numberReturned_says_zero()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", "wfs-teig-page-numberReturned-0.gml")));

        Assert.Equal(3, features.Count);
        Assert.Equal("Teig.1", features[0].Id);
        Assert.Equal("3218", features[0].Properties["kommunenummer"]);
        Assert.Equal("1/1", features[0].Properties["matrikkelnummertekst"]);
        Assert.Equal("true", features[0].Properties["hovedområde"]);
        Assert.Equal(25833, features[0].Geometry!.SRID);
    }

    [Fact]
    public async Task Geographic_crs_in_urn_and_uri_form_is_read_latitude_first_and_swapped()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", "wfs-teig-epsg4258-latlon.gml")));

        Assert.Equal([4258, 4326, 4326], features.Select(f => f.Geometry!.SRID));
        Assert.All(features, f =>
        {
            // Longitude (x) about 10.78, latitude (y) about 59.66 whichever axis order the file used.
            Assert.InRange(f.Geometry!.EnvelopeInternal.MinX, 10.7, 10.8);
            Assert.InRange(f.Geometry.EnvelopeInternal.MinY, 59.6, 59.7);
        });
    }

    [Fact]
    public async Task Arcs_are_linearized_and_gml2_multipolygons_read_until_a_bad_arc_stops_the_file()
    {
        var seen = new List<SourceFeature>();
        var path = Fixtures.Path("gml", "kp-3218-arcs-gml2-multipolygon.gml");

        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await foreach (var feature in FileSources.Open(path).ReadAsync(CancellationToken.None))
            {
                seen.Add(feature);
            }
        });

        var arc = Assert.IsType<Polygon>(seen[0].Geometry);
        // 2° steps lose 0.02 % of a semicircle's area.
        Assert.InRange(arc.Area, Math.PI * 50 * 50 / 2 * 0.999, Math.PI * 50 * 50 / 2);
        Assert.InRange(arc.EnvelopeInternal.MaxY, 6615049.9, 6615050.0001);
        Assert.True(arc.IsValid);
        var multi = Assert.IsType<MultiPolygon>(seen[1].Geometry);
        Assert.Equal(2, multi.NumGeometries);
        Assert.Equal(20_000, multi.Area, 3);
        Assert.Contains("feature #2 (id 'kph-bad-arc'): gml:Arc has 2 positions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wfs-exception-report-http200.xml", null, "exception report: InvalidParameterValue (typeName): Feature type app:Teigg unknown")]
    [InlineData("service-exception-report.xml", null, "exception report: InvalidFormat: Unknown output format")]
    [InlineData("wfs-teig-exception-midstream.gml", "feature #1", "database connection lost")]
    [InlineData("wfs-teig-truncated.gml", "feature #2 (id 'Teig.3')", "truncated")]
    [InlineData("wfs-teig-bad-poslist.gml", "feature #1 (id 'Teig.2')", "non-numeric coordinate 'x6616040'")]
    [InlineData("wfs-teig-unsupported-srs.gml", "feature #0 (id 'Teig.1')", "CRS 'urn:ogc:def:crs:EPSG::2000000' is not supported")]
    [InlineData("wfs-teig-unclosed-ring.gml", "feature #1 (id 'Teig.2')", "exterior ring is not closed")]
    public async Task Bad_documents_fail_naming_the_file_the_feature_and_the_reason(string file, string? feature, string reason)
    {
        var path = Fixtures.Path("gml", file);

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(FileSources.Open(path)));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        if (feature is not null)
        {
            Assert.True(error.Message.Contains(feature, StringComparison.Ordinal), error.Message);
        }
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void The_plain_decimal_shortcut_reads_exactly_what_double_Parse_reads_and_declines_the_rest()
    {
        var random = new Random(5);
        var tokens = new List<string> { "0", "-0", "+12", "5.", ".5", "261852.75", "6628845.82", "-0.00000000000001", "999999999999999", "0.1", "0.30000000000000" };
        for (var i = 0; i < 20_000; i++)
        {
            var digits = random.Next(1, 16);
            var text = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10))));
            var point = random.Next(digits + 1);
            tokens.Add((random.Next(4) == 0 ? "-" : "") + text[..point] + "." + text[point..]);
        }
        foreach (var token in tokens)
        {
            Assert.True(GmlNumberReader.TryParsePlainDecimal(token, out var value), token);
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(token, System.Globalization.CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
        }
        foreach (var token in new[] { "1e5", "1234567890123456", "1.7976931348623157", "0.1234567890123456", "NaN", "-", ".", "1.2.3", "0x10", "" })
        {
            Assert.False(GmlNumberReader.TryParsePlainDecimal(token, out _), token);
        }
    }
}
