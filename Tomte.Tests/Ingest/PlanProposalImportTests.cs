using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;

namespace Tomte.Tests.Ingest;

/// <summary>
/// SOSI Reguleringsplanforslag 5.0 files imported as an operator would (<c>tomte import</c>): the pilot borders and Ås's
/// reguleringsplaner are loaded first. DiBK's real test files lie near the UTM origin and are refused by the location
/// check as they are; copies shifted into Ås load with the plan identity their Arealplan gives them.
/// </summary>
public sealed class PlanProposalImportTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-sosi5-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    private Task<TomteProcess.Outcome> ImportAsync(params string[] arguments) => TomteProcess.RunAsync(new Dictionary<string, string?>
    {
        ["Tomte__Database__ConnectionString"] = _database.ConnectionString,
        ["Tomte__Output__Directory"] = Path.Combine(_scratch, "out"),
    }, ["import", .. arguments]);

    private Task<string?> RowsAsync(string table = "plan.rp_planomrade") =>
        _database.ScalarAsync<string>($"SELECT count(*) || ':' || md5(string_agg(r::text || ':' || r.xmin::text, ',' ORDER BY r.id)) FROM {table} r");

    private async Task<string> LoadGoodDataAsync()
    {
        var kommuner = await ImportAsync("kommune", "--file", Path.Combine(SampleDataTests.CommittedDirectory, "kommuner.gml"));
        Assert.True(kommuner.ExitCode == 0, kommuner.StandardError);
        var good = await ImportAsync("rp-planomrade", "--file", Path.Combine(SampleDataTests.CommittedDirectory, "3218", "reguleringsplaner-3218.gml"), "--kommune", "3218");
        Assert.True(good.ExitCode == 0, good.StandardError);
        return (await RowsAsync())!;
    }

    private static string FailureLine(TomteProcess.Outcome outcome)
    {
        Assert.Equal(1, outcome.ExitCode);
        return Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("tomte import: ", StringComparison.Ordinal));
    }

    private static string AreaPlanFor3218() => PlanProposalFiles.WithIdentity(PlanProposalFiles.Read(PlanProposalFiles.AreaPlan), "3218", "3218-2026-01");

    [Fact]
    public async Task The_real_file_near_the_utm_origin_is_refused_by_the_location_check_and_as_delivered_by_its_placeholder_kommune()
    {
        var before = await LoadGoodDataAsync();
        var atOrigin = PlanProposalFiles.Write(_scratch, "forslag-origo.gml", AreaPlanFor3218());

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", atOrigin, "--kommune", "3218"));

        // The staged row is named by its source id (the RpOmråde's lokalId).
        Assert.StartsWith($"tomte import: {atOrigin}: feature #1 (id '9f7ecfb2-02a2-4827-b11a-eb607a36ef4d'): lies outside Norway in EPSG:25833 (E ", line, StringComparison.Ordinal);
        Assert.EndsWith("; is the CRS right?", line, StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());

        // As DiBK wrote it, the Arealplan's kommunenummer is the schema's placeholder "String".
        var delivered = Sources.Fixtures.Path("gml", PlanProposalFiles.AreaPlan);
        Assert.Equal($"tomte import: {delivered}: feature #1 (id '_d23f6d0c-ac1d-4857-b2fc-a8501e014dfb'): kommunenummer 'String' is not a four-digit kommune number",
            FailureLine(await ImportAsync("rp-planomrade", "--file", delivered, "--kommune", "3218")));
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task A_copy_shifted_into_aas_loads_with_its_arealplans_identity_even_when_the_arealplan_comes_last()
    {
        await LoadGoodDataAsync();
        var shifted = PlanProposalFiles.ArealplanLast(PlanProposalFiles.Shifted(AreaPlanFor3218(), PlanProposalFiles.AasX, PlanProposalFiles.AasY));
        var file = PlanProposalFiles.Write(_scratch, "forslag-3218.gml", shifted);

        // Without --kommune: the kommune comes from the Arealplan, through the RpOmråde's reference to it.
        var outcome = await ImportAsync("planlegging-igangsatt", "--file", file);

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        Assert.Contains("planlegging-igangsatt 3218: lastet inn, 1 objekter", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("3218|3218-2026-01|Forslag til regulering|2|9f7ecfb2-02a2-4827-b11a-eb607a36ef4d",
            await _database.ScalarAsync<string>("SELECT kommunenummer || '|' || planidentifikasjon || '|' || plannavn || '|' || planstatus || '|' || source_id FROM plan.planlegging_igangsatt"));
        // The RpOmråde's own outline (19.17 m² in EPSG:25832), moved into EPSG:25833.
        Assert.Equal(19.17, await _database.ScalarAsync<double>("SELECT ST_Area(geom) FROM plan.planlegging_igangsatt"), 1);
        Assert.True(await _database.ScalarAsync<bool>("SELECT location_checked FROM ingest.load ORDER BY load_id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_dangling_reference_is_refused_naming_the_feature_and_the_href()
    {
        var before = await LoadGoodDataAsync();
        var gml = PlanProposalFiles.Shifted(AreaPlanFor3218(), PlanProposalFiles.AasX, PlanProposalFiles.AasY)
            .Replace("<app:arealplan xlink:type=\"simple\" xlink:href=\"#_e62e0d8a-7a86-4fa6-b35b-b7a319081fd3\" />", "<app:arealplan xlink:type=\"simple\" xlink:href=\"#_borte\" />", StringComparison.Ordinal);
        var file = PlanProposalFiles.Write(_scratch, "forslag-dinglende.gml", gml);

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218"));

        Assert.Equal($"tomte import: {file}: feature #1 (id '_d23f6d0c-ac1d-4857-b2fc-a8501e014dfb'): its arealplan xlink:href '#_borte' leads to no Arealplan in this file (a dangling reference), so the plan's kommunenummer and planidentifikasjon are unknown", line);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Regulated_terrain_loads_with_the_area_of_its_footprint()
    {
        await LoadGoodDataAsync();
        // The 2D and 3D halves of Arendal's test plan in one file, moved into Ås and given to Ås.
        var joined = PlanProposalFiles.Shifted(PlanProposalFiles.JoinedTerrain(), PlanProposalFiles.AasX - 485_025, PlanProposalFiles.AasY - 6_477_100)
            .Replace("<app:kommunenummer>4203</app:kommunenummer>", "<app:kommunenummer>3218</app:kommunenummer>", StringComparison.Ordinal);
        var file = PlanProposalFiles.Write(_scratch, "terreng-3218.gml", joined);

        // RpRegulertTerreng → bestemmelseOmråde → RpBestemmelseOmråde → planområde → RpOmråde → arealplan → Arealplan.
        var outcome = await ImportAsync("planlegging-igangsatt", "--file", file, "--lag", "RpRegulertTerreng");

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        Assert.Contains("planlegging-igangsatt 3218: lastet inn, 1 objekter (0 reparert, 0 forkastet)", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("09062018-2", await _database.ScalarAsync<string>("SELECT planidentifikasjon FROM plan.planlegging_igangsatt"));
        // 50.2123 m² in EPSG:25832, the file's CRS (see GmlPlanReferenceTests): the whole footprint, nothing repaired away.
        Assert.Equal(50.2123, await _database.ScalarAsync<double>("SELECT ST_Area(ST_Transform(geom, 25832)) FROM plan.planlegging_igangsatt"), 3);
    }
}
