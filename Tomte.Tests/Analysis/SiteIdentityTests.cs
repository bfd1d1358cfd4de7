using static Tomte.Tests.Analysis.AnalysisScenario;

namespace Tomte.Tests.Analysis;

/// <summary>Tomte-IDs survive re-runs; endring says what happened; sites are never deleted and numbers never reused.</summary>
public sealed class SiteIdentityTests : IAsyncLifetime
{
    private readonly AnalysisScenario _scenario = new();

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.DisposeAsync();

    // Two sites: A (200 x 100 m, the larger, gets 0001) and B (100 x 100 m, 0002), far apart.
    private static readonly Kp A = new("kp-a", Rect(0, 0, 200, 100));
    private static readonly Kp B = new("kp-b", Rect(1_000, 0, 1_100, 100));

    private async Task<Dictionary<string, SiteRow>> AnalyzeAsync()
    {
        var outcome = await _scenario.AnalyzeAsync();
        Assert.Empty(outcome.Failures);
        return (await _scenario.SitesAsync(includeGone: true)).ToDictionary(s => s.TomteId);
    }

    [Fact]
    public async Task A_polygon_moved_2_m_keeps_its_id_as_endret_and_the_untouched_one_is_uendret()
    {
        await _scenario.LoadKommuneplanAsync([A, B]);
        var first = await AnalyzeAsync();
        Assert.Equal(["3218-0001:ny", "3218-0002:ny"], first.Values.Select(s => $"{s.TomteId}:{s.Endring}"));
        Assert.Equal(["kp-a"], first["3218-0001"].KildeIds);

        await _scenario.LoadArealformalAsync([A with { Wkt = Rect(2, 0, 202, 100) }, B]);
        var second = await AnalyzeAsync();

        Assert.Equal(["3218-0001:endret", "3218-0002:uendret"], second.Values.Select(s => $"{s.TomteId}:{s.Endring}"));
        Assert.Equal(1L, await _scenario.Database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE tomte_id = '3218-0001' AND first_seen < last_seen"));
    }

    [Fact]
    public async Task A_second_run_with_nothing_changed_does_no_geometry_work_and_changes_no_row()
    {
        await _scenario.LoadKommuneplanAsync([A, B]);
        await AnalyzeAsync();
        var before = await _scenario.Database.ScalarAsync<string>("SELECT string_agg(tomte_id || ':' || xmin::text, ',' ORDER BY tomte_id) FROM analysis.tomt");

        var outcome = await _scenario.AnalyzeAsync();

        Assert.Empty(outcome.Analysed);
        Assert.Equal([Kommune], outcome.Unchanged);
        Assert.Equal(before, await _scenario.Database.ScalarAsync<string>("SELECT string_agg(tomte_id || ':' || xmin::text, ',' ORDER BY tomte_id) FROM analysis.tomt"));
        Assert.Equal("succeeded,unchanged", await _scenario.Database.ScalarAsync<string>("SELECT string_agg(outcome, ',' ORDER BY run_id) FROM analysis.run"));
    }

    [Fact]
    public async Task A_plan_adopted_over_a_site_makes_it_regulert_naming_the_plan()
    {
        await _scenario.LoadKommuneplanAsync([A, B]);
        await _scenario.LoadReguleringsplanerAsync(new Rp("RP-SOLBERG", Rect(-10, -10, 210, 110), Planstatus: 2));
        var first = await AnalyzeAsync();
        Assert.Contains("RP-SOLBERG", first["3218-0001"].Planstatus, StringComparison.Ordinal);

        await _scenario.LoadReguleringsplanerAsync(new Rp("RP-SOLBERG", Rect(-10, -10, 210, 110), Planstatus: 3));
        var second = await AnalyzeAsync();

        Assert.Equal("regulert", second["3218-0001"].Endring);
        Assert.Equal(["RP-SOLBERG"], second["3218-0001"].RegulertAv!);
        Assert.Equal("uendret", second["3218-0002"].Endring);
    }

    [Fact]
    public async Task A_removed_polygon_goes_to_borte_and_is_never_deleted_nor_its_number_reused()
    {
        await _scenario.LoadKommuneplanAsync([A, B]);
        await AnalyzeAsync();

        await _scenario.LoadArealformalAsync([B]);
        var second = await AnalyzeAsync();
        Assert.Equal("borte", second["3218-0001"].Endring);
        Assert.Null(second["3218-0001"].RegulertAv);

        await _scenario.LoadArealformalAsync([B, A]);
        var third = await AnalyzeAsync();

        // The land came back; it is new land to the team, with a new number, and the old record stays borte.
        Assert.Equal(["3218-0001:borte", "3218-0002:uendret", "3218-0003:ny"], third.Values.Select(s => $"{s.TomteId}:{s.Endring}"));
    }

    [Fact]
    public async Task A_split_keeps_the_id_for_the_larger_part_and_gives_the_smaller_a_new_one()
    {
        await _scenario.LoadKommuneplanAsync([A, B]);
        await AnalyzeAsync();

        // A plan takes x 60-80 of A: parts of 12 daa (x 80-200) and 6 daa (x 0-60).
        await _scenario.LoadReguleringsplanerAsync(new Rp("RP-VEI", Rect(60, -10, 80, 110)));
        var second = await AnalyzeAsync();

        Assert.Equal("endret", second["3218-0001"].Endring);
        Assert.Equal(12_000, second["3218-0001"].AreaM2, 3);
        Assert.Equal("ny", second["3218-0003"].Endring);
        Assert.Equal(6_000, second["3218-0003"].AreaM2, 3);
    }

    [Fact]
    public async Task A_merge_keeps_the_id_of_the_larger_site_and_the_smaller_goes_to_borte()
    {
        await _scenario.LoadKommuneplanAsync([A, B]);
        await AnalyzeAsync();

        // A bridge from A to B: one area of 20 + 10 + 8 = 38 daa; A has the larger overlap.
        await _scenario.LoadArealformalAsync([A, B, new Kp("kp-bro", Rect(200, 0, 1_000, 10))]);
        var second = await AnalyzeAsync();

        Assert.Equal("endret", second["3218-0001"].Endring);
        Assert.Equal(38_000, second["3218-0001"].AreaM2, 3);
        Assert.Equal(["kp-a", "kp-b", "kp-bro"], second["3218-0001"].KildeIds);
        Assert.Equal("borte", second["3218-0002"].Endring);
    }
}
