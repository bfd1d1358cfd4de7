using static Tomte.Tests.Analysis.AnalysisScenario;

namespace Tomte.Tests.Analysis;

/// <summary>
/// KOMMUNEPLAN BOLIG − VEDTATT REGULERINGSPLAN on shapes whose answer is computed by hand (m²), with the default
/// thresholds: parts under 1 daa and strips narrower than 10 m are dropped.
/// </summary>
public sealed class DifferenceGoldenTests : IAsyncLifetime
{
    private readonly AnalysisScenario _scenario = new();

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.DisposeAsync();

    private async Task<double[]> AreasAfterAsync(Kp[] kp, params Rp[] rp)
    {
        await _scenario.LoadKommuneplanAsync(kp);
        if (rp.Length > 0)
        {
            await _scenario.LoadReguleringsplanerAsync(rp);
        }
        var outcome = await _scenario.AnalyzeAsync();
        Assert.Empty(outcome.Failures);
        return (await _scenario.SitesAsync()).Select(s => s.AreaM2).OrderDescending().ToArray();
    }

    private async Task<(double Bolig, double Regulert, double Dropped, double Tomt)> AccountingAsync()
    {
        await using var command = _scenario.Database.DataSource.CreateCommand(
            "SELECT bolig_areal_m2, regulert_areal_m2, dropped_areal_m2, tomt_areal_m2 FROM analysis.kommune_state WHERE kommunenummer = '3218'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }

    [Fact]
    public async Task A_square_with_a_hole_keeps_the_hole_out()
    {
        var areas = await AreasAfterAsync([new Kp("kp-1", "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))")]);

        Assert.Equal(9_600, Assert.Single(areas), 3);
        var site = Assert.Single(await _scenario.SitesAsync());
        Assert.Equal((9.60m, 24, "ny"), (site.ArealDaa, site.EstBoliger, site.Endring));
        Assert.Equal(["kp-1"], site.KildeIds);
        Assert.Equal("3218-0001", site.TomteId);
    }

    [Fact]
    public async Task A_site_cut_in_two_by_a_plan_becomes_two_sites()
    {
        var areas = await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 200, 100))], new Rp("RP-A", Rect(90, -50, 110, 150)));

        Assert.Equal([9_000, 9_000], areas, new Tolerance(0.01));
        Assert.All(await _scenario.SitesAsync(), s => Assert.Equal(["kp-1"], s.KildeIds));
        var accounting = await AccountingAsync();
        Assert.Equal((20_000, 2_000, 0, 18_000), accounting, new AccountingTolerance());
    }

    [Fact]
    public async Task A_plan_covering_the_site_exactly_leaves_nothing()
    {
        var areas = await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 100, 100))], new Rp("RP-A", Rect(0, 0, 100, 100)));

        Assert.Empty(areas);
        Assert.Equal((10_000, 10_000, 0, 0), await AccountingAsync(), new AccountingTolerance());
    }

    [Fact]
    public async Task A_plan_covering_95_percent_leaves_the_5_percent_remainder_when_it_passes_the_thresholds()
    {
        // 400 x 400 m = 160 daa; the plan takes x 0-380, the 20 m wide, 8 daa strip along the east edge stays.
        var areas = await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 400, 400))], new Rp("RP-A", Rect(-10, -10, 380, 410)));

        Assert.Equal(8_000, Assert.Single(areas), 3);
        Assert.Equal(8.00m, Assert.Single(await _scenario.SitesAsync()).ArealDaa);
    }

    [Fact]
    public async Task A_remainder_under_the_minimum_area_is_dropped_as_a_sliver()
    {
        // 8 m x 100 m = 800 m² < 1 daa.
        var areas = await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 100, 100))], new Rp("RP-A", Rect(0, -10, 92, 110)));

        Assert.Empty(areas);
        Assert.Equal((10_000, 9_200, 800, 0), await AccountingAsync(), new AccountingTolerance());
    }

    [Fact]
    public async Task A_strip_narrower_than_the_minimum_width_is_dropped_even_above_the_minimum_area()
    {
        // 300 m x 8 m = 2.4 daa, but only 8 m wide; beside it a 300 m x 12 m strip (3.6 daa) that is wide enough.
        var areas = await AreasAfterAsync(
            [new Kp("kp-1", Rect(0, 0, 300, 100)), new Kp("kp-2", Rect(0, 200, 300, 300))],
            new Rp("RP-A", Rect(-10, -10, 310, 92)), new Rp("RP-B", Rect(-10, 212, 310, 310)));

        Assert.Equal(3_600, Assert.Single(areas), 3);
        Assert.Equal(["kp-2"], Assert.Single(await _scenario.SitesAsync()).KildeIds);
        Assert.Equal((60_000, 54_000, 2_400, 3_600), await AccountingAsync(), new AccountingTolerance());
    }

    [Fact]
    public async Task A_multipolygon_across_a_plan_border_keeps_both_remainders_with_the_same_source()
    {
        var areas = await AreasAfterAsync(
            [new Kp("kp-multi", "MULTIPOLYGON(((0 0, 100 0, 100 100, 0 100, 0 0)), ((200 0, 300 0, 300 100, 200 100, 200 0)))")],
            new Rp("RP-A", Rect(150, -20, 250, 120)));

        Assert.Equal([10_000, 5_000], areas, new Tolerance(0.01));
        Assert.All(await _scenario.SitesAsync(), s => Assert.Equal(["kp-multi"], s.KildeIds));
    }

    [Fact]
    public async Task Touching_and_overlapping_bolig_polygons_are_one_area_counted_once()
    {
        var areas = await AreasAfterAsync([new Kp("kp-a", Rect(0, 0, 100, 100)), new Kp("kp-b", Rect(50, 0, 150, 100)), new Kp("kp-c", Rect(150, 0, 200, 100))]);

        Assert.Equal(20_000, Assert.Single(areas), 3);
        Assert.Equal(["kp-a", "kp-b", "kp-c"], Assert.Single(await _scenario.SitesAsync()).KildeIds);
    }

    [Fact]
    public async Task A_part_of_merged_bolig_polygons_names_only_the_polygons_whose_interior_it_meets()
    {
        // kp-a and kp-b share the edge x = 100; the plan takes the strip 100-110, so the first part still touches kp-b
        // along that edge without sharing any of its land.
        await AreasAfterAsync([new Kp("kp-a", Rect(0, 0, 100, 100)), new Kp("kp-b", Rect(100, 0, 200, 100))], new Rp("RP-A", Rect(100, -10, 110, 110)));

        var sites = (await _scenario.SitesAsync()).OrderByDescending(s => s.AreaM2).ToArray();
        Assert.Equal([10_000, 9_000], sites.Select(s => s.AreaM2), new Tolerance(0.01));
        Assert.Equal(["kp-a"], sites[0].KildeIds);
        Assert.Equal(["kp-b"], sites[1].KildeIds);
    }

    [Fact]
    public async Task Only_plans_whose_interior_meets_the_site_are_signals_not_one_that_touches_its_edge()
    {
        await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 100, 100))],
            new Rp("RP-EDGE", Rect(100, 0, 150, 100), Planstatus: 2),
            new Rp("RP-INSIDE", Rect(20, 20, 40, 40), Planstatus: 1),
            // Mostly outside: its own interior point lies outside the site, so only the full relate finds the overlap.
            new Rp("RP-ACROSS", Rect(90, -400, 400, 10), Planstatus: 2));

        var site = Assert.Single(await _scenario.SitesAsync());
        Assert.Equal(10_000, site.AreaM2, 3);
        Assert.Contains("\"planidentifikasjon\": \"RP-INSIDE\"", site.Plansignaler, StringComparison.Ordinal);
        Assert.Contains("\"planidentifikasjon\": \"RP-ACROSS\"", site.Plansignaler, StringComparison.Ordinal);
        Assert.DoesNotContain("RP-EDGE", site.Plansignaler, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_in_status_forslag_does_not_subtract_but_flags_that_someone_else_plans_here()
    {
        var areas = await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 100, 100))], new Rp("3218-2025007", Rect(-10, -10, 110, 110), Planstatus: 2, Navn: "Bråtenskogen"));

        Assert.Equal(10_000, Assert.Single(areas), 3);
        var site = Assert.Single(await _scenario.SitesAsync());
        Assert.Contains("\"planidentifikasjon\": \"3218-2025007\"", site.Plansignaler, StringComparison.Ordinal);
        Assert.Equal("noen andre planlegger her: 3218-2025007 Bråtenskogen (forslag)", site.Planstatus);
    }

    [Fact]
    public async Task An_adopted_plan_under_ground_does_not_subtract()
    {
        var areas = await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 100, 100))], new Rp("RP-TUNNEL", Rect(-10, -10, 110, 110), Planstatus: 3, Vertikalniva: 1));

        Assert.Equal(10_000, Assert.Single(areas), 3);
    }

    [Fact]
    public async Task An_adopted_plan_without_vertikalniva_subtracts()
    {
        var areas = await AreasAfterAsync([new Kp("kp-1", Rect(0, 0, 100, 100))], new Rp("RP-A", Rect(-10, 50, 110, 110), Planstatus: 6, Vertikalniva: null));

        Assert.Equal(5_000, Assert.Single(areas), 3);
    }

    [Fact]
    public async Task Sentrum_and_kombinert_are_kept_but_flagged_ma_vurderes_and_other_codes_and_statuses_are_not_taken()
    {
        var areas = await AreasAfterAsync(
        [
            new Kp("kp-sentrum", Rect(0, 0, 100, 100), Arealformal: 1130),
            new Kp("kp-landbruk", Rect(200, 0, 300, 100), Arealformal: 5100),
            new Kp("kp-eksisterende", Rect(400, 0, 500, 100), Arealbruksstatus: 1),
        ]);

        Assert.Equal(10_000, Assert.Single(areas), 3);
        var site = Assert.Single(await _scenario.SitesAsync());
        Assert.Equal("må vurderes (1130)", site.Planstatus);
    }

    private sealed class Tolerance(double metres) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= metres;

        public int GetHashCode(double obj) => 0;
    }

    private sealed class AccountingTolerance : IEqualityComparer<(double, double, double, double)>
    {
        public bool Equals((double, double, double, double) x, (double, double, double, double) y) =>
            Math.Abs(x.Item1 - y.Item1) < 0.1 && Math.Abs(x.Item2 - y.Item2) < 0.1 && Math.Abs(x.Item3 - y.Item3) < 0.1 && Math.Abs(x.Item4 - y.Item4) < 0.1;

        public int GetHashCode((double, double, double, double) obj) => 0;
    }
}
