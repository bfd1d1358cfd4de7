using static Tomte.Tests.Analysis.AnalysisScenario;

namespace Tomte.Tests.Analysis;

/// <summary>
/// A run recomputes a kommune when any input it reads changed, also when the load was for a neighbouring kommune: a
/// reguleringsplan loaded for the neighbour that reaches across the border takes land from this kommune's sites.
/// </summary>
public sealed class IncrementalInputTests : IAsyncLifetime
{
    private const string Neighbour = "3207";
    private const string FarAway = "3212";

    private readonly AnalysisScenario _scenario = new();

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.DisposeAsync();

    // A (200 x 100 m) well inside the kommune; B (100 x 100 m) at the border with the neighbour (x = 1,500).
    private static readonly Kp A = new("kp-a", Rect(0, 0, 200, 100));
    private static readonly Kp B = new("kp-b", Rect(1_300, 0, 1_400, 100));

    private async Task LoadAsync()
    {
        await _scenario.LoadKommuneplanAsync([A, B]);
        await _scenario.LoadKommuneBorderAsync(Kommune, Rect(-5_000, -5_000, 1_500, 5_000));
        await _scenario.LoadKommuneBorderAsync(Neighbour, Rect(1_500, -5_000, 8_000, 5_000));
        await _scenario.LoadKommuneBorderAsync(FarAway, Rect(20_000, -5_000, 30_000, 5_000));
    }

    [Fact]
    public async Task A_plan_loaded_for_the_neighbour_across_the_border_recomputes_the_kommune()
    {
        await LoadAsync();
        Assert.Equal([Kommune], (await _scenario.AnalyzeAsync()).Analysed.Select(r => r.Kommunenummer));
        var before = (await _scenario.SitesAsync()).Single(s => s.KildeIds.SequenceEqual(["kp-b"]));

        // Mostly the neighbour's (it belongs there), but its west end covers the east half of B.
        await _scenario.LoadReguleringsplanerForAsync(Neighbour, new Rp("32072025001", Rect(1_350, -50, 3_000, 150)));
        var outcome = await _scenario.AnalyzeAsync();

        Assert.Equal([Kommune], outcome.Analysed.Select(r => r.Kommunenummer));
        Assert.Empty(outcome.Unchanged);
        var after = (await _scenario.SitesAsync()).Single(s => s.TomteId == before.TomteId);
        Assert.Equal("endret", after.Endring);
        Assert.Equal(5_000, after.AreaM2, 1);
    }

    [Fact]
    public async Task A_plan_loaded_for_a_kommune_far_away_leaves_the_kommune_unchanged()
    {
        await LoadAsync();
        await _scenario.AnalyzeAsync();

        await _scenario.LoadReguleringsplanerForAsync(FarAway, new Rp("32122025001", Rect(21_000, 0, 22_000, 1_000)));
        var outcome = await _scenario.AnalyzeAsync();

        Assert.Empty(outcome.Analysed);
        Assert.Equal([Kommune], outcome.Unchanged);
    }
}
