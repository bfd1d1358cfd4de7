using System.Text;
using NetTopologySuite.Geometries;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

public sealed class NetexStopPlaceReaderTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-netex-" + Guid.NewGuid().ToString("N")[..8]);

    public NetexStopPlaceReaderTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string Nordic => Fixtures.Path("netex", "stopplaces-nordic.xml");

    [Fact]
    public async Task Reads_each_stop_place_as_a_wgs84_point_with_its_nsr_id_name_mode_and_kommune()
    {
        var source = FileSources.Open(Nordic);
        var reader = Assert.IsType<NetexStopPlaceReader>(source);
        Assert.Equal(Nordic, source.Description);

        var features = await Fixtures.ReadAllAsync(source);

        Assert.Equal(["NSR:StopPlace:900001", "NSR:StopPlace:900002", "NSR:StopPlace:900100", "NSR:StopPlace:900003"], features.Select(f => f.Id));
        // The parent without a centroid was the fourth stop place: indexes count every StopPlace in the file.
        Assert.Equal([0L, 1, 2, 4], features.Select(f => f.Index));

        var torg = features[0];
        var point = Assert.IsType<Point>(torg.Geometry);
        Assert.Equal(4326, point.SRID);
        Assert.Equal(10.7893, point.X); // the stop place's own centroid, not a quay's
        Assert.Equal(59.6638, point.Y);
        Assert.Equal("Syntetisk torg", torg.Properties["name"]);
        Assert.Equal("bus", torg.Properties["transportMode"]);
        Assert.Equal("onstreetBus", torg.Properties["stopPlaceType"]);
        Assert.Equal("3218", torg.Properties["kommunenummer"]);
        Assert.Equal("KVE:TopographicPlace:3218", torg.Properties["topographicPlaceRef"]);
        Assert.Equal(2L, torg.Properties["quayCount"]);
        Assert.Equal("14", torg.Properties["version"]);
        Assert.False(torg.Properties.ContainsKey("parentSiteRef"));
        Assert.DoesNotContain(torg.Properties.Values, v => v is string s && s.Contains("AKT:StopArea", StringComparison.Ordinal));

        var stasjon = features[1];
        Assert.Equal("rail", stasjon.Properties["transportMode"]);
        Assert.Equal("railStation", stasjon.Properties["stopPlaceType"]);
        Assert.Equal("NSR:StopPlace:900100", stasjon.Properties["parentSiteRef"]);
        Assert.Equal(1L, stasjon.Properties["quayCount"]);

        // A fylke reference (two digits) says nothing about the kommune.
        var brygge = features[3];
        Assert.Equal("water", brygge.Properties["transportMode"]);
        Assert.Equal("KVE:TopographicPlace:32", brygge.Properties["topographicPlaceRef"]);
        Assert.False(brygge.Properties.ContainsKey("kommunenummer"));
        Assert.Equal(0L, brygge.Properties["quayCount"]);

        Assert.Equal(["NSR:StopPlace:900200"], reader.SkippedParents);
    }

    [Fact]
    public async Task A_parent_with_a_centroid_is_a_stop_and_one_without_is_skipped_even_when_only_a_child_names_it()
    {
        var parent = Assert.Single(await Fixtures.ReadAllAsync(FileSources.Open(Nordic)), f => f.Id == "NSR:StopPlace:900100");
        Assert.Equal(true, parent.Properties["isParentStopPlace"]);
        Assert.Null(parent.Properties["transportMode"]);
        Assert.Equal(10.7940, ((Point)parent.Geometry!).X);

        // No IS_PARENT_STOP_PLACE key: the child's ParentSiteRef earlier in the file is what marks 900100 a parent.
        var path = Path.Combine(_scratch, "parent-named-by-child.xml");
        await File.WriteAllTextAsync(path, """
            <PublicationDelivery xmlns="http://www.netex.org.uk/netex" version="1.15:NO-NeTEx-stops:1.4">
              <dataObjects><SiteFrame version="1" id="NSR:SiteFrame:1"><stopPlaces>
                <StopPlace version="1" id="NSR:StopPlace:900002">
                  <Name>Syntetisk stasjon</Name>
                  <Centroid><Location><Longitude>10.7947</Longitude><Latitude>59.6622</Latitude></Location></Centroid>
                  <ParentSiteRef ref="NSR:StopPlace:900100" version="4"/>
                  <TransportMode>rail</TransportMode>
                </StopPlace>
                <StopPlace version="4" id="NSR:StopPlace:900100"><Name>Syntetisk knutepunkt</Name></StopPlace>
              </stopPlaces></SiteFrame></dataObjects>
            </PublicationDelivery>
            """, new UTF8Encoding(false));
        var reader = new NetexStopPlaceReader(path);

        var features = await Fixtures.ReadAllAsync(reader);

        Assert.Equal("NSR:StopPlace:900002", Assert.Single(features).Id);
        Assert.Equal(["NSR:StopPlace:900100"], reader.SkippedParents);
    }

    [Fact]
    public async Task A_stop_place_without_coordinates_names_its_id()
    {
        var path = Fixtures.Path("netex", "stopplaces-missing-centroid.xml");

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(FileSources.Open(path)));

        Assert.Equal(path, error.SourceName);
        Assert.Equal("#0 (id 'NSR:StopPlace:900001')", error.Feature);
        Assert.Contains("no Centroid", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<Latitude>59.6622</Latitude>", "", "lacks Longitude or Latitude")]
    [InlineData("<Latitude>59.6622</Latitude>", "<Latitude>596622</Latitude>", "Latitude '596622' is not a WGS84 degree value")]
    [InlineData("<Longitude>10.7947</Longitude>", "<Longitude>10,7947</Longitude>", "Longitude '10,7947' is not a WGS84 degree value")]
    public async Task Half_or_unreadable_coordinates_name_the_stop_place(string find, string replace, string reason)
    {
        var path = Path.Combine(_scratch, "bad.xml");
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(Nordic)).Replace(find, replace, StringComparison.Ordinal), new UTF8Encoding(false));

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(new NetexStopPlaceReader(path)));

        Assert.Equal("#1 (id 'NSR:StopPlace:900002')", error.Feature);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_file_fails_naming_the_stop_place_it_stopped_in()
    {
        var xml = await File.ReadAllTextAsync(Nordic);
        var path = Path.Combine(_scratch, "avkortet.xml");
        await File.WriteAllTextAsync(path, xml[..(xml.IndexOf("<Name lang=\"nor\">Syntetisk stasjon", StringComparison.Ordinal) + 10)], new UTF8Encoding(false));
        var features = new List<SourceFeature>();

        var error = await Assert.ThrowsAsync<SourceFormatException>(async () =>
        {
            await foreach (var feature in FileSources.Open(path).ReadAsync(CancellationToken.None))
            {
                features.Add(feature);
            }
        });

        Assert.Equal("NSR:StopPlace:900001", Assert.Single(features).Id);
        Assert.Equal("#1 (id 'NSR:StopPlace:900002')", error.Feature);
        Assert.Contains("malformed or truncated XML", error.Reason, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_xml_still_goes_to_the_gml_reader()
    {
        Assert.IsType<GmlFeatureReader>(FileSources.Open(Fixtures.Path("gml", "wfs-exception-report-http200.xml")));
        Assert.IsType<GmlFeatureReader>(FileSources.Open(Fixtures.Path("gml", "service-exception-report.xml")));

        // PublicationDelivery outside the NeTEx namespace is not NeTEx.
        var path = Path.Combine(_scratch, "not-netex.xml");
        File.WriteAllText(path, "<PublicationDelivery xmlns=\"http://example.com/other\"/>");
        Assert.IsType<GmlFeatureReader>(FileSources.Open(path));
    }

    [Fact]
    public async Task A_publication_delivery_without_stop_places_yields_nothing()
    {
        var path = Path.Combine(_scratch, "empty.xml");
        await File.WriteAllTextAsync(path,
            "<PublicationDelivery xmlns=\"http://www.netex.org.uk/netex\" version=\"1.15:NO-NeTEx-stops:1.4\"><dataObjects><SiteFrame id=\"NSR:SiteFrame:1\" version=\"1\"><stopPlaces/></SiteFrame></dataObjects></PublicationDelivery>");

        Assert.Empty(await Fixtures.ReadAllAsync(FileSources.Open(path)));
    }
}
