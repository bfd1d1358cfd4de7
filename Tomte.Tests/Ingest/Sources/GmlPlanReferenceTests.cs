using NetTopologySuite.Geometries;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

/// <summary>
/// SOSI Reguleringsplanforslag 5.0 through the GML reader: the plan identity on the Arealplan reaches the features that
/// refer to it by xlink:href, in file order or forward; a dangling reference names the feature and the href; a TIN is
/// read as its 2D footprint.
/// </summary>
public sealed class GmlPlanReferenceTests : IDisposable
{
    private const string RpOmrade = "_d23f6d0c-ac1d-4857-b2fc-a8501e014dfb";
    private const string FirstFormal = "_1deb7804-8671-469f-a0af-0ce6d5fa0b5c";

    private readonly string _scratch = Directory.CreateTempSubdirectory("tomte-sosi5-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private async Task<List<SourceFeature>> ReadAsync(string gml) =>
        await Fixtures.ReadAllAsync(FileSources.Open(PlanProposalFiles.Write(_scratch, "plan.gml", gml)));

    [Fact]
    public async Task The_arealplans_identity_and_plan_attributes_reach_the_rpomrade_and_through_it_the_arealformal()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", PlanProposalFiles.AreaPlan)));

        var omrade = features.Single(f => f.Id == RpOmrade);
        Assert.Equal(("String", "String", "2", "34", "String"), (omrade.Properties["arealplanId.kommunenummer"], omrade.Properties["arealplanId.planidentifikasjon"],
            omrade.Properties["planstatus"], omrade.Properties["plantype"], omrade.Properties["plannavn"]));
        // RpArealformålOmråde → planområde → RpOmråde → arealplan → Arealplan.
        var formal = features.Single(f => f.Id == FirstFormal);
        Assert.Equal(("String", "2"), (formal.Properties["arealplanId.kommunenummer"], formal.Properties["planstatus"]));
        // Its own attributes stay its own.
        Assert.Equal("1169", formal.Properties["arealformål"]);
        Assert.All(features.Where(f => f.FeatureType == "RpFormålGrense"), f => Assert.False(f.Properties.ContainsKey("arealplanId.kommunenummer")));
    }

    [Fact]
    public async Task A_reference_to_an_arealplan_further_down_the_file_resolves_the_same()
    {
        var inOrder = await ReadAsync(PlanProposalFiles.WithIdentity(PlanProposalFiles.Read(PlanProposalFiles.AreaPlan), "3218", "3218-2026-01"));
        var forward = await ReadAsync(PlanProposalFiles.ArealplanLast(PlanProposalFiles.WithIdentity(PlanProposalFiles.Read(PlanProposalFiles.AreaPlan), "3218", "3218-2026-01")));

        Assert.Equal("Arealplan", forward[^1].FeatureType);
        Assert.Equal(RpOrder(inOrder), RpOrder(forward));
        Assert.All(forward.Where(f => f.FeatureType is "RpOmråde" or "RpArealformålOmråde"), f =>
            Assert.Equal(("3218", "3218-2026-01"), (f.Properties["arealplanId.kommunenummer"], f.Properties["arealplanId.planidentifikasjon"])));
        // Read ahead without geometry, but the features handed on keep theirs.
        Assert.Equal(19.1735, forward.Single(f => f.Id == RpOmrade).Geometry!.Area, 4);

        static List<string> RpOrder(List<SourceFeature> features) =>
            features.Where(f => f.FeatureType != "Arealplan").Select(f => $"{f.Id}:{f.Properties.GetValueOrDefault("arealplanId.planidentifikasjon")}").ToList();
    }

    [Fact]
    public async Task A_dangling_reference_fails_the_load_naming_the_feature_and_the_href()
    {
        var gml = PlanProposalFiles.WithIdentity(PlanProposalFiles.Read(PlanProposalFiles.AreaPlan), "3218", "3218-2026-01")
            .Replace("<app:planområde xlink:type=\"simple\" xlink:href=\"#_d23f6d0c-ac1d-4857-b2fc-a8501e014dfb\" />", "<app:planområde xlink:type=\"simple\" xlink:href=\"#_finnes-ikke\" />", StringComparison.Ordinal);
        var features = await ReadAsync(gml);
        var dangling = features.Single(f => f.Id == FirstFormal);
        var mapper = new FeatureMapper(Datasets.Find("rp-hensynssoner"), "plan.gml", null);

        var error = Assert.Throws<SourceFormatException>(() => mapper.Map(dangling, null));

        Assert.Equal($"plan.gml: feature #2 (id '{FirstFormal}'): its planområde xlink:href '#_finnes-ikke' leads to no Arealplan in this file (a dangling reference), so the plan's kommunenummer and planidentifikasjon are unknown", error.Message);
        // The RpOmråde itself is fine and maps.
        Assert.Equal("3218", new FeatureMapper(Datasets.Find("rp-planomrade"), "plan.gml", null).Map(features.Single(f => f.Id == RpOmrade), null).Kommunenummer);
    }

    [Fact]
    public async Task A_reference_into_another_file_is_named_as_such()
    {
        var features = await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", PlanProposalFiles.Bestemmelse)));
        var bestemmelse = features.Single(f => f.FeatureType == "RpBestemmelseOmråde");
        // Its planområde leads to the Arealplan of Arendal's test plan; the terrain it lists lives in the 3D file.
        Assert.Equal(("4203", "09062018-2"), (bestemmelse.Properties["arealplanId.kommunenummer"], bestemmelse.Properties["arealplanId.planidentifikasjon"]));

        var terrain = Assert.Single(await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", PlanProposalFiles.Terrain))), f => f.FeatureType == "RpRegulertTerreng");
        var error = Assert.Throws<SourceFormatException>(() => new FeatureMapper(Datasets.Find("rp-planomrade"), "3d.gml", null).Map(terrain, null));
        Assert.Equal("3d.gml: feature #1 (id '_6f28752d-71da-48ee-84f1-41b785b10f44'): its bestemmelseOmråde xlink:href '#_c2440206-9c33-4c0a-9ac4-ede052c748b7' leads to no Arealplan in this file (a dangling reference), so the plan's kommunenummer and planidentifikasjon are unknown", error.Message);
    }

    [Fact]
    public async Task A_tin_is_read_as_its_2d_footprint()
    {
        var terrain = Assert.Single(await Fixtures.ReadAllAsync(FileSources.Open(Fixtures.Path("gml", PlanProposalFiles.Terrain))), f => f.FeatureType == "RpRegulertTerreng");

        // The 12 triangles by the shoelace formula in exact rational arithmetic: 50.2122820652 m²; they do not overlap
        // in 2D, so that is the footprint. As 12 polygons of one MultiPolygon, ST_MakeValid kept 64 % of it.
        var footprint = Assert.IsType<Polygon>(terrain.Geometry);
        Assert.True(footprint.IsValid);
        Assert.Equal(50.2122820652, footprint.Area, 6);
    }

    [Fact]
    public async Task A_pyramid_with_a_vertical_face_covers_its_base_once()
    {
        // A 100 m square base, its apex 10 m up at the centre, and a vertical triangle standing on one edge.
        const string gml = """
            <?xml version="1.0" encoding="utf-8"?>
            <gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:app="http://skjema.geonorge.no/SOSI/produktspesifikasjon/Reguleringsplanforslag/5.0">
              <gml:featureMember>
                <app:RpRegulertTerreng gml:id="t1">
                  <app:overflate>
                    <gml:TriangulatedSurface srsName="http://www.opengis.net/def/crs/EPSG/0/5972" srsDimension="3">
                      <gml:patches>
                        <gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>600000 6619000 0 600100 6619000 0 600050 6619050 10 600000 6619000 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle>
                        <gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>600100 6619000 0 600100 6619100 0 600050 6619050 10 600100 6619000 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle>
                        <gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>600100 6619100 0 600000 6619100 0 600050 6619050 10 600100 6619100 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle>
                        <gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>600000 6619100 0 600000 6619000 0 600050 6619050 10 600000 6619100 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle>
                        <gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>600000 6619000 0 600100 6619000 0 600050 6619000 5 600000 6619000 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle>
                      </gml:patches>
                    </gml:TriangulatedSurface>
                  </app:overflate>
                </app:RpRegulertTerreng>
              </gml:featureMember>
            </gml:FeatureCollection>
            """;

        var footprint = Assert.IsType<Polygon>(Assert.Single(await ReadAsync(gml)).Geometry);

        Assert.Equal(10_000, footprint.Area, 6);
        Assert.Equal(25832, footprint.SRID);
        Assert.Equal(new Envelope(600_000, 600_100, 6_619_000, 6_619_100), footprint.EnvelopeInternal);
    }
}
