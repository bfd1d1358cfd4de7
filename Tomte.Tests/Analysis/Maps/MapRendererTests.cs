using Microsoft.Extensions.Hosting;
using SkiaSharp;
using Tomte.Tests.Analysis.Scoring;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis.Maps;

namespace Tomte.Tests.Analysis.Maps;

/// <summary>The map of a known site, drawn from PostGIS by the real MapRunner: size, content, the reference picture, and redrawing only on change.</summary>
public sealed class MapRendererTests : IAsyncLifetime
{
    /// <summary>Set to 1 to write the reference picture again after a deliberate change of the drawing (then look at it).</summary>
    public const string WriteReferenceVariable = "TOMTE_WRITE_REFERENCE_MAP";

    private static readonly string ReferencePath = Path.Combine(RepositoryRoot.Path, "Tomte.Tests", "Analysis", "Maps", "Reference", "3218-0001.png");

    private readonly PostgisDatabase _database = new();
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await MapTestScene.InsertAsync(_database);
        _host = TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Maps:MinScore"] = "0" });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    private Task<MapRunner.Outcome> DrawAsync() => TestHost.Get<MapRunner>(_host).RunAsync([], null, CancellationToken.None);

    private async Task<SKBitmap> StoredMapAsync()
    {
        var png = await TestHost.Get<MapRunner>(_host).PngAsync("3218-0001", CancellationToken.None);
        Assert.NotNull(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png![..4]);
        return SKBitmap.Decode(png);
    }

    [Fact]
    public async Task The_map_of_a_known_site_is_1200_by_900_and_shows_the_site_its_surroundings_and_the_legend()
    {
        var outcome = await DrawAsync();

        Assert.Equal(1, outcome.Rendered);
        using var map = await StoredMapAsync();
        Assert.Equal((1200, 900), (map.Width, map.Height));

        // The site is centred in the map (the left 900 pixels): its fill (E4572E at 70 % over the paper) is in the middle.
        AssertColour(map.GetPixel(450, 450), 233, 132, 101);
        // The paper shows around it, and the picture is far from blank: many colours, much that is not paper.
        var colours = new HashSet<SKColor>();
        var paper = 0;
        for (var y = 0; y < map.Height; y += 3)
        {
            for (var x = 0; x < map.Width; x += 3)
            {
                var pixel = map.GetPixel(x, y);
                colours.Add(pixel);
                paper += pixel == new SKColor(0xF4, 0xF1, 0xEA) ? 1 : 0;
            }
        }
        Assert.InRange(colours.Count, 200, int.MaxValue);
        Assert.InRange(paper / (double)(400 * 300), 0.2, 0.8);
        // The white side panel on the right (title, legend), with the dark half of the north arrow near its foot.
        AssertColour(map.GetPixel(1190, 10), 255, 255, 255);
        AssertColour(map.GetPixel(1190, 890), 255, 255, 255);
        AssertColour(map.GetPixel(940, 835), 0x22, 0x22, 0x22, tolerance: 40);
    }

    [Fact]
    public async Task The_map_matches_the_reference_picture_in_the_test_data()
    {
        await DrawAsync();
        var png = (await TestHost.Get<MapRunner>(_host).PngAsync("3218-0001", CancellationToken.None))!;
        if (Environment.GetEnvironmentVariable(WriteReferenceVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ReferencePath)!);
            await File.WriteAllBytesAsync(ReferencePath, png);
        }
        Assert.True(File.Exists(ReferencePath), $"{ReferencePath} is missing; run this test with {WriteReferenceVariable}=1 and look at the picture");

        using var actual = SKBitmap.Decode(png);
        using var reference = SKBitmap.Decode(ReferencePath);
        Assert.Equal((reference.Width, reference.Height), (actual.Width, actual.Height));
        var different = 0;
        for (var y = 0; y < actual.Height; y++)
        {
            for (var x = 0; x < actual.Width; x++)
            {
                var (a, b) = (actual.GetPixel(x, y), reference.GetPixel(x, y));
                if (Math.Abs(a.Red - b.Red) > 24 || Math.Abs(a.Green - b.Green) > 24 || Math.Abs(a.Blue - b.Blue) > 24)
                {
                    different++;
                }
            }
        }
        // Anti-aliasing may differ by a pixel here and there between machines; a changed drawing differs by far more.
        Assert.True(different < actual.Width * actual.Height / 200, $"{different} pixels differ from {ReferencePath}");
    }

    [Fact]
    public async Task A_rerun_with_nothing_changed_draws_nothing_and_a_change_nearby_draws_the_map_again()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0002", 270_000, 6_630_000, 100);
        var first = await DrawAsync();

        var again = await DrawAsync();
        await ScoringTestSites.ExecuteAsync(_database, """
            INSERT INTO ref.stop_place (load_id, kommunenummer, source_id, name, transport_mode, geom)
            SELECT max(load_id), '3218', 's-2', 'Syntetisk holdeplass Nord', 'bus', ST_SetSRID(ST_MakePoint(260100, 6620200), 25833) FROM ingest.load;
            """);
        var nearby = await DrawAsync();

        Assert.Equal((2, 0), (first.Rendered, first.Unchanged));
        Assert.Equal((0, 2), (again.Rendered, again.Unchanged));
        Assert.Equal((1, 1), (nearby.Rendered, nearby.Unchanged));
    }

    private static void AssertColour(SKColor actual, int red, int green, int blue, int tolerance = 6)
    {
        Assert.True(Math.Abs(actual.Red - red) <= tolerance && Math.Abs(actual.Green - green) <= tolerance && Math.Abs(actual.Blue - blue) <= tolerance,
            $"expected about ({red}, {green}, {blue}), found ({actual.Red}, {actual.Green}, {actual.Blue})");
    }
}
