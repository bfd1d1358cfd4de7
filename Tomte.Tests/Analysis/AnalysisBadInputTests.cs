using Tomte.Worker.Analysis;
using static Tomte.Tests.Analysis.AnalysisScenario;

namespace Tomte.Tests.Analysis;

/// <summary>Input the analysis cannot use gets one clear message naming the kommune, table and feature; the previous result stays.</summary>
public sealed class AnalysisBadInputTests : IAsyncLifetime
{
    private readonly AnalysisScenario _scenario = new();

    public Task InitializeAsync() => _scenario.InitializeAsync();

    public Task DisposeAsync() => _scenario.DisposeAsync();

    private const string SitesFingerprintSql =
        "SELECT string_agg(tomte_id || ':' || endring || ':' || md5(ST_AsBinary(geom)) || ':' || xmin::text, ',' ORDER BY tomte_id) FROM analysis.tomt";

    private async Task<string?> GoodFirstRunAsync()
    {
        await _scenario.LoadKommuneplanAsync([new Kp("kp-a", Rect(0, 0, 200, 100)), new Kp("kp-b", Rect(1_000, 0, 1_100, 100))]);
        Assert.Empty((await _scenario.AnalyzeAsync()).Failures);
        return await _scenario.Database.ScalarAsync<string>(SitesFingerprintSql);
    }

    [Fact]
    public async Task Empty_tables_say_what_to_load_first()
    {
        var error = await Assert.ThrowsAsync<AnalysisInputException>(() => _scenario.Get<AnalysisRunner>().RunAsync([], null, null, CancellationToken.None));

        Assert.Equal("ingen kommuneplandata er lastet inn (plan.kp_arealformal og plan.kp_planomrade er tomme); kjør tomte ingest eller tomte import først", error.Message);
        Assert.Equal(0L, await _scenario.Database.ScalarAsync<long>("SELECT count(*) FROM analysis.run"));
    }

    [Fact]
    public async Task A_kommune_with_no_plans_at_all_fails_alone_and_the_others_are_analysed()
    {
        var before = await GoodFirstRunAsync();
        await _scenario.LoadArealformalAsync([new Kp("kp-a", Rect(0, 0, 300, 100))]);

        var outcome = await _scenario.AnalyzeAsync(Kommune, "3212");

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("3212", failure.Kommunenummer);
        Assert.StartsWith("kommune 3212 har ingen kommuneplan lastet inn", failure.Reason, StringComparison.Ordinal);
        Assert.Equal([Kommune], outcome.Analysed.Select(r => r.Kommunenummer));
        Assert.NotEqual(before, await _scenario.Database.ScalarAsync<string>(SitesFingerprintSql));
        Assert.Equal("failed", await _scenario.Database.ScalarAsync<string>("SELECT outcome FROM analysis.run ORDER BY run_id DESC LIMIT 1"));
    }

    [Fact]
    public async Task An_arealformal_polygon_whose_kommuneplan_is_missing_is_named_and_the_previous_result_stays()
    {
        var before = await GoodFirstRunAsync();
        await _scenario.LoadArealformalAsync([new Kp("kp-a", Rect(0, 0, 200, 100)), new Kp("kp-fremmed", Rect(500, 0, 600, 100), Planidentifikasjon: "32182031999")]);

        var outcome = await _scenario.AnalyzeAsync();

        Assert.Equal(
            "kommune 3218: arealformål kp-fremmed (plan.kp_arealformal) hører til kommuneplan 32182031999, som ikke finnes i plan.kp_planomrade; " +
            "last inn kommuneplanens KpOmråde (kp-planomrade) fra samme kilde",
            Assert.Single(outcome.Failures).Reason);
        Assert.Equal(before, await _scenario.Database.ScalarAsync<string>(SitesFingerprintSql));
        // The failed kommune is tried again on the next run, not taken as analysed.
        Assert.Single((await _scenario.AnalyzeAsync()).Failures);
    }

    [Fact]
    public async Task A_kommuneplan_not_in_force_is_named()
    {
        await _scenario.LoadKommuneplanAsync([new Kp("kp-a", Rect(0, 0, 200, 100))], planstatus: 2);

        var outcome = await _scenario.AnalyzeAsync();

        Assert.StartsWith("kommune 3218 har ingen kommuneplan i kraft (ingen KpOmråde med planstatus 3/6 blant 1 lastet inn", Assert.Single(outcome.Failures).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_stored_geometry_is_named_and_the_previous_result_stays()
    {
        var before = await GoodFirstRunAsync();
        // Ingest never stores this; a hand edit in the database can. A new load makes the kommune due again.
        await _scenario.LoadReguleringsplanerAsync(new Rp("RP-A", Rect(3_000, 0, 3_100, 100)));
        await using (var edit = _scenario.Database.DataSource.CreateCommand(
            "UPDATE plan.kp_arealformal SET geom = ST_Multi(ST_GeomFromText('POLYGON((0 0, 100 100, 100 0, 0 100, 0 0))', 25833)) WHERE source_id = 'kp-b'"))
        {
            await edit.ExecuteNonQueryAsync();
        }

        var outcome = await _scenario.AnalyzeAsync();

        Assert.StartsWith("kommune 3218: arealformål kp-b i plan.kp_arealformal har ugyldig geometri (Self-intersection", Assert.Single(outcome.Failures).Reason, StringComparison.Ordinal);
        Assert.Equal(before, await _scenario.Database.ScalarAsync<string>(SitesFingerprintSql));
    }

    [Fact]
    public async Task A_malformed_kommunenummer_is_refused_before_any_work()
    {
        var error = await Assert.ThrowsAsync<AnalysisInputException>(() => _scenario.Get<AnalysisRunner>().RunAsync(["32x8"], null, null, CancellationToken.None));

        Assert.Equal("'32x8' er ikke et kommunenummer (fire sifre, f.eks. 3218)", error.Message);
    }
}
