using static Tomte.Tests.Analysis.AnalysisScenario;
using static Tomte.Tests.Owners.OwnersScenario;

namespace Tomte.Tests.Owners;

/// <summary>Sites overlaid with teiger on shapes whose answer is computed by hand (m²), default sliver rule (under 1 % and under 50 m²).</summary>
public sealed class ParcelOverlayGoldenTests : IAsyncLifetime
{
    private readonly OwnersScenario _scenario = new();

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.DisposeAsync();

    [Fact]
    public async Task A_site_on_two_parcels_gets_70_and_30_percent()
    {
        await _scenario.SitesAsync(Rect(0, 0, 100, 100));
        await _scenario.TeigerAsync(Kommune, new Teig("1/1", Rect(-20, -20, 70, 120)), new Teig("1/2", Rect(70, -20, 150, 120)));

        var result = await _scenario.OverlayAsync();

        var links = await _scenario.LinksAsync();
        Assert.Equal(
            [new Link("3218-0001", "3218-1/1", 0.7000m, 7_000, false), new Link("3218-0001", "3218-1/2", 0.3000m, 3_000, false)],
            links.Select(l => l with { OverlappM2 = Math.Round(l.OverlappM2, 3) }));
        Assert.Equal(new ParcelOverlayResultCounts(1, 1, 2, 2, 0), Counts(result));
        Assert.Equal(2L, await _scenario.Analysis.Database.ScalarAsync<long>("SELECT count(*) FROM owners.eiendom WHERE kommunenummer = '3218' AND gnr = 1"));
    }

    [Fact]
    public async Task A_sliver_under_1_percent_and_under_50_m2_is_ignored_but_a_thin_parcel_over_50_m2_is_kept()
    {
        // Site A: 100 x 100 m; 1/3 takes a 0.4 m strip (40 m², 0.4 %): a sliver.
        // Site B: 200 x 200 m, 1 km east; 2/2 takes a 0.5 m strip (100 m², 0.25 %): under 1 % but over 50 m², kept.
        await _scenario.SitesAsync(Rect(0, 0, 100, 100), Rect(1_000, 0, 1_200, 200));
        await _scenario.TeigerAsync(Kommune,
            new Teig("1/1", Rect(-10, -10, 99.6, 110)), new Teig("1/3", Rect(99.6, -10, 110, 110)),
            new Teig("2/1", Rect(990, -10, 1_199.5, 210)), new Teig("2/2", Rect(1_199.5, -10, 1_210, 210)));

        var result = await _scenario.OverlayAsync();

        var links = await _scenario.LinksAsync();
        Assert.Equal(["3218-1/1", "3218-2/1", "3218-2/2"], links.Select(l => l.Matrikkelnummer).Order());
        var thin = links.Single(l => l.Matrikkelnummer == "3218-2/2");
        Assert.Equal((0.0025m, 100.0), (thin.Andel, Math.Round(thin.OverlappM2, 3)));
        Assert.Equal(0.9960m, links.Single(l => l.Matrikkelnummer == "3218-1/1").Andel);
        Assert.Equal(1, result.Slivers);
        Assert.Equal(0L, await _scenario.Analysis.Database.ScalarAsync<long>("SELECT count(*) FROM owners.eiendom WHERE matrikkelnummer = '3218-1/3'"));
    }

    [Fact]
    public async Task A_sameie_teig_listing_several_matrikkelenheter_links_each_of_them_to_its_whole_area()
    {
        // The west half is a teig shared by 5/1 and 5/2 (jordsameie); the east half is festegrunn 5/3/1.
        await _scenario.SitesAsync(Rect(0, 0, 100, 100));
        await _scenario.TeigerAsync(Kommune, new Teig("5/1, 5/2", Rect(-10, -10, 50, 110)), new Teig("5/3/1", Rect(50, -10, 110, 110)));

        await _scenario.OverlayAsync();

        var links = await _scenario.LinksAsync();
        Assert.Equal(
            [("3218-5/1", 0.5m, true), ("3218-5/2", 0.5m, true), ("3218-5/3/1", 0.5m, false)],
            links.Select(l => (l.Matrikkelnummer, l.Andel, l.FellesTeig)));
        Assert.Equal((5, 3, 1, 0), await UnitAsync("3218-5/3/1"));
    }

    [Fact]
    public async Task A_parcel_of_the_neighbouring_kommune_under_a_site_near_the_border_is_found_with_its_own_kommune()
    {
        // Nordre Follo (3207) publishes 9/9, which reaches 40 m into the Ås site; Ås publishes 1/1 for the rest.
        await _scenario.SitesAsync(Rect(0, 0, 100, 100));
        await _scenario.TeigerAsync(Kommune, new Teig("1/1", Rect(-10, -10, 60, 110)));
        await _scenario.TeigerAsync("3207", new Teig("9/9", Rect(60, -10, 300, 110)));

        await _scenario.OverlayAsync();

        var links = await _scenario.LinksAsync();
        Assert.Equal([("3207-9/9", 0.4m), ("3218-1/1", 0.6m)], links.Select(l => (l.Matrikkelnummer, l.Andel)));
        Assert.Equal("3207", await _scenario.Analysis.Database.ScalarAsync<string>("SELECT kommunenummer::text FROM owners.eiendom WHERE matrikkelnummer = '3207-9/9'"));
    }

    [Fact]
    public async Task A_second_overlay_after_new_teiger_replaces_the_sites_parcels()
    {
        await _scenario.SitesAsync(Rect(0, 0, 100, 100));
        await _scenario.TeigerAsync(Kommune, new Teig("1/1", Rect(-10, -10, 110, 110)));
        await _scenario.OverlayAsync();
        await _scenario.TeigerAsync(Kommune, new Teig("1/1", Rect(-10, -10, 25, 110)), new Teig("1/7", Rect(25, -10, 110, 110)));

        await _scenario.OverlayAsync();

        Assert.Equal([("3218-1/1", 0.25m), ("3218-1/7", 0.75m)], (await _scenario.LinksAsync()).Select(l => (l.Matrikkelnummer, l.Andel)));
    }

    private async Task<(int Gnr, int Bnr, int Fnr, int Snr)> UnitAsync(string matrikkelnummer)
    {
        await using var command = _scenario.Analysis.Database.DataSource.CreateCommand("SELECT gnr, bnr, fnr, snr FROM owners.eiendom WHERE matrikkelnummer = $1");
        command.Parameters.AddWithValue(matrikkelnummer);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    private sealed record ParcelOverlayResultCounts(int Sites, int SitesWithParcels, int Parcels, int Links, int Slivers);

    private static ParcelOverlayResultCounts Counts(Tomte.Worker.Owners.ParcelOverlay.Result r) => new(r.Sites, r.SitesWithParcels, r.Parcels, r.Links, r.Slivers);
}
