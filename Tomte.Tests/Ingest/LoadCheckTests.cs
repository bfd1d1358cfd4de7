using System.Globalization;
using System.Text;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;

namespace Tomte.Tests.Ingest;

/// <summary>
/// Files that are not what they claim (issue 8), imported as an operator would with <c>tomte import</c>: the pilot
/// borders and Ås's reguleringsplaner are loaded first, then the bad file; each case checks the exit code, the one
/// stderr line and that Ås's rows are byte for byte what they were.
/// </summary>
public sealed class LoadCheckTests : IAsyncLifetime
{
    // Well inside the synthetic pilot borders (SampleDataGenerator.Pilot).
    private static readonly (double X, double Y) InAas = (263_000, 6_625_500);
    private static readonly (double X, double Y) InNordreFollo = (266_750, 6_637_250);

    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-checks-" + Guid.NewGuid().ToString("N")[..8]);

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

    private static string Sample(string relative) => Path.Combine(SampleDataTests.CommittedDirectory, relative);

    // Every column of every row, so a rewritten row with the same values would still show (xmin).
    private Task<string?> RowsAsync(string table = "plan.rp_planomrade") =>
        _database.ScalarAsync<string>($"SELECT count(*) || ':' || md5(string_agg(r::text || ':' || r.xmin::text, ',' ORDER BY r.id)) FROM {table} r");

    private async Task<string> LoadGoodDataAsync(bool borders = true)
    {
        if (borders)
        {
            var kommuner = await ImportAsync("kommune", "--file", Sample("kommuner.gml"));
            Assert.True(kommuner.ExitCode == 0, kommuner.StandardError);
        }
        var good = await ImportAsync("rp-planomrade", "--file", Sample("3218/reguleringsplaner-3218.gml"), "--kommune", "3218");
        Assert.True(good.ExitCode == 0, good.StandardError);
        return (await RowsAsync())!;
    }

    private static string FailureLine(TomteProcess.Outcome outcome)
    {
        Assert.Equal(1, outcome.ExitCode);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
        return Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("tomte import: ", StringComparison.Ordinal));
    }

    private sealed record Plan(string Kommune, double X, double Y, double Size = 100, string? Id = null);

    private string PlanFile(string name, params Plan[] plans)
    {
        var path = Path.Combine(_scratch, name);
        var features = plans.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","id":"rpomrade.{{{i}}}","properties":{"identifikasjon.lokalId":"{{{p.Id ?? $"test-{i}"}}}","arealplanId.kommunenummer":"{{{p.Kommune}}}","arealplanId.planidentifikasjon":"T{{{i}}}","planstatus":3,"plantype":35},"geometry":{"type":"Polygon","coordinates":[[[{{{p.X:R}}},{{{p.Y:R}}}],[{{{p.X + p.Size:R}}},{{{p.Y:R}}}],[{{{p.X + p.Size:R}}},{{{p.Y + p.Size:R}}}],[{{{p.X:R}}},{{{p.Y + p.Size:R}}}],[{{{p.X:R}}},{{{p.Y:R}}}]]]}}"""));
        File.WriteAllText(path,
            """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25833"}},"features":[""" + string.Join(",", features) + "]}",
            new UTF8Encoding(false));
        return path;
    }

    private static Plan[] Row(string kommune, (double X, double Y) at, int count) =>
        Enumerable.Range(0, count).Select(i => new Plan(kommune, at.X + (i * 200), at.Y)).ToArray();

    [Fact]
    public async Task A_file_for_another_kommune_is_refused_naming_the_file_how_many_lie_outside_and_where()
    {
        var before = await LoadGoodDataAsync();
        // Nordre Follo's plans, labelled Ås (as a file renamed by hand, or a --kommune that fills a missing attribute).
        var file = PlanFile("nordre-follo-som-aas.geojson", Row("3218", InNordreFollo, 5));

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218"));

        Assert.Equal($"tomte import: {file}: 5 of 5 features for kommune 3218 lie outside its border (less than 50 % of their area inside); they lie 5 in 3207 Nordre Follo. Is this the file for another kommune?", line);
        Assert.Equal(before, await RowsAsync());
        Assert.Equal("failed", await _database.ScalarAsync<string>("SELECT outcome FROM ingest.load ORDER BY load_id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_feature_straddling_the_border_belongs_where_most_of_its_area_lies_and_the_report_counts_it()
    {
        await LoadGoodDataAsync();
        // Where Ås's (jagged) northern border crosses E 263 050: a 100 m square reaching 20 m into Ås is 20 % inside.
        var border = await _database.ScalarAsync<double>("""
            SELECT ST_YMax(ST_Intersection(ST_Boundary(geom), ST_SetSRID(ST_MakeLine(ST_MakePoint(263050, 6627000), ST_MakePoint(263050, 6640000)), 25833)))
            FROM ref.kommune WHERE kommunenummer = '3218'
            """);
        var plans = Row("3218", InAas, 3).Append(new Plan("3218", InAas.X, border - 20, Size: 100, Id: "straddler")).ToArray();
        var file = PlanFile("aas-med-grenseflate.geojson", plans);

        var outcome = await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218");

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        Assert.Contains("rp-planomrade 3218: lastet inn, 3 objekter (0 reparert, 0 forkastet); ", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("; 4 lest, 1 utenfor kommunen, 0 avvist", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rp-planomrade: merk: 3218: 1 objekter ligger for det meste utenfor kommunegrensen og er utelatt", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade WHERE source_id = 'straddler'"));
        Assert.Equal("4/3/0/1/0/0/t", await _database.ScalarAsync<string>(
            "SELECT concat_ws('/', features_read, feature_count, dropped_count, outside_count, refused_count, merged_count, location_checked) FROM ingest.load ORDER BY load_id DESC LIMIT 1"));
    }

    [Theory]
    [InlineData(500.0, 1_000.0, "lies outside Norway in EPSG:25833 (E 500..600, N 1000..1100; Norway with a margin is E -200000..1250000, N 6350000..8000000); is the CRS right?")]
    [InlineData(1e20, 6_625_500.0, "coordinate (1E+20, 6625500) is not a position on a map (not finite, or beyond ±1e9)")]
    [InlineData(263_000.0, 1e308, "coordinate (263000, 1E+308) is not a position on a map (not finite, or beyond ±1e9)")]
    public async Task Coordinates_outside_Norway_or_absurd_are_refused_naming_the_feature(double x, double y, string reason)
    {
        var before = await LoadGoodDataAsync();
        var file = PlanFile("utenfor.geojson", new Plan("3218", InAas.X, InAas.Y), new Plan("3218", x, y, Id: "bad"));

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218"));

        // The reader names a feature by its GML/GeoJSON id, the staged row by its source id; both are feature #1.
        Assert.Equal($"tomte import: {file}: feature #1 (id 'bad'): {reason}", line.Replace("(id 'rpomrade.1')", "(id 'bad')", StringComparison.Ordinal));
        Assert.Equal(before, await RowsAsync());
    }

    [Theory]
    [InlineData("9999")]
    [InlineData("3299")]
    public async Task A_kommunenummer_from_the_file_that_is_no_kommune_is_refused_naming_the_feature(string kommune)
    {
        var before = await LoadGoodDataAsync();
        var file = PlanFile("ukjent-kommune.geojson", new Plan("3218", InAas.X, InAas.Y), new Plan(kommune, InAas.X + 400, InAas.Y));

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", file));

        Assert.Equal($"tomte import: {file}: feature #1 (id 'rpomrade.1'): kommunenummer '{kommune}' is not a kommune: it is neither in the 2024 list (SSB Klass 131) nor among the loaded borders (ref.kommune)", line);
        Assert.Equal(before, await RowsAsync());
        Assert.Equal(0L, await _database.ScalarAsync<long>($"SELECT count(*) FROM ingest.load WHERE kommunenummer = '{kommune}'"));
    }

    [Fact]
    public async Task A_pre_2024_kommunenummer_is_loaded_under_its_new_number_with_a_notice()
    {
        await LoadGoodDataAsync();
        var file = PlanFile("gammelt-nummer.geojson", Row("3021", InAas, 2));

        var fromFile = await ImportAsync("rp-planomrade", "--file", file);

        Assert.True(fromFile.ExitCode == 0, fromFile.StandardError);
        Assert.Contains("rp-planomrade: merk: kommunenummer 3021 i kilden er nummeret Ås hadde før 2024; 2 objekter er lastet inn som 3218", fromFile.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade WHERE kommunenummer = '3218'"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load WHERE kommunenummer = '3021'"));
        Assert.Equal(2, await _database.ScalarAsync<int>("SELECT renumbered_count FROM ingest.load ORDER BY load_id DESC LIMIT 1"));

        // Asked for by its old number on the command line, too.
        var asked = await ImportAsync("rp-planomrade", "--file", Sample("3218/reguleringsplaner-3218.gml"), "--kommune", "3021");
        Assert.True(asked.ExitCode == 0, asked.StandardError);
        Assert.Contains("rp-planomrade: merk: kommunenummer 3021 er nummeret Ås hadde før 2024; lastes inn som 3218", asked.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rp-planomrade 3218: lastet inn, 220 objekter", asked.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_source_id_twice_is_refused_naming_both_positions()
    {
        var before = await LoadGoodDataAsync();
        var file = PlanFile("dobbel.geojson",
            new Plan("3218", InAas.X, InAas.Y, Id: "plan-a"), new Plan("3218", InAas.X + 200, InAas.Y, Id: "plan-b"), new Plan("3218", InAas.X + 400, InAas.Y, Id: "plan-a"));

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218"));

        Assert.Equal($"tomte import: {file}: source id 'plan-a' appears 2 times in kommune 3218: features #0 and #2", line);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Without_a_loaded_border_the_load_goes_ahead_and_says_location_was_not_checked()
    {
        await LoadGoodDataAsync(borders: false);
        var file = PlanFile("uten-grense.geojson", Row("3218", InNordreFollo, 2));

        var outcome = await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218");

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        Assert.Contains("; 2 lest, 0 utenfor kommunen, 0 avvist, plassering ikke kontrollert", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("rp-planomrade: merk: ingen kommunegrense er lastet inn for kommune 3218, så det er ikke kontrollert at objektene ligger i kommunen", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.False(await _database.ScalarAsync<bool>("SELECT location_checked FROM ingest.load ORDER BY load_id DESC LIMIT 1"));
    }

    [Fact]
    public async Task A_file_of_several_kommuner_with_one_in_the_wrong_place_fails_that_kommune_and_loads_the_others()
    {
        await LoadGoodDataAsync();
        var nordreFollo = await ImportAsync("rp-planomrade", "--file", PlanFile("nf.geojson", Row("3207", InNordreFollo, 3)));
        Assert.True(nordreFollo.ExitCode == 0, nordreFollo.StandardError);
        var before3207 = await _database.ScalarAsync<string>(
            "SELECT count(*) || ':' || md5(string_agg(r::text || ':' || r.xmin::text, ',' ORDER BY r.id)) FROM plan.rp_planomrade r WHERE kommunenummer = '3207'");
        // Ås is fine, Nordre Follo's features lie in Ås.
        var file = PlanFile("to-kommuner.geojson", [.. Row("3218", InAas, 3), .. Row("3207", (InAas.X, InAas.Y + 1_000), 3)]);

        var outcome = await ImportAsync("rp-planomrade", "--file", file);

        var line = FailureLine(outcome);
        Assert.StartsWith($"tomte import: 1 av 2 kommuner ble avvist (tidligere data for dem er urørt, de andre er lastet inn); først 3207: {file}: 3 of 3 features for kommune 3207 lie outside its border", line, StringComparison.Ordinal);
        Assert.Contains("they lie 3 in 3218 Ås", line, StringComparison.Ordinal);
        Assert.Contains("rp-planomrade 3218: lastet inn, 3 objekter", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"rp-planomrade 3207: FEILET, tidligere data er urørt: {file}: 3 of 3 features for kommune 3207", outcome.StandardOutput, StringComparison.Ordinal);
        // Nordre Follo keeps its rows byte for byte; Ås holds the three new plans.
        Assert.Equal(before3207, await _database.ScalarAsync<string>(
            "SELECT count(*) || ':' || md5(string_agg(r::text || ':' || r.xmin::text, ',' ORDER BY r.id)) FROM plan.rp_planomrade r WHERE kommunenummer = '3207'"));
        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM plan.rp_planomrade WHERE kommunenummer = '3218'"));
        var records = await _database.ScalarAsync<string>(
            $"SELECT string_agg(kommunenummer || ' ' || outcome || ' ' || coalesce(left(error, 20), '-'), '; ' ORDER BY kommunenummer) FROM ingest.load WHERE source = '{file}'");
        Assert.Equal($"3207 failed {file[..20]}; 3218 loaded -", records);
    }

    [Fact]
    public async Task An_epsg_that_disagrees_with_the_files_own_crs_is_an_error()
    {
        var before = await LoadGoodDataAsync();
        var file = PlanFile("utm33.geojson", Row("3218", InAas, 2));

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218", "--epsg", "25832"));

        Assert.Equal($"tomte import: {file}: feature #0 (id 'rpomrade.0'): the source declares EPSG:25833 (a GeoJSON file without a crs member is CRS84, EPSG:4326), but --epsg 25832 was given; leave out --epsg or correct the file", line);
        Assert.Equal(before, await RowsAsync());
        // The same CRS given again is no disagreement.
        var same = await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218", "--epsg", "25833");
        Assert.True(same.ExitCode == 0, same.StandardError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><lolz>&lol;</lolz>")]
    public async Task A_file_level_error_does_not_claim_to_be_about_a_feature(string content)
    {
        var before = await LoadGoodDataAsync();
        var file = Path.Combine(_scratch, "fil.gml");
        await File.WriteAllTextAsync(file, content, new UTF8Encoding(false));

        var line = FailureLine(await ImportAsync("rp-planomrade", "--file", file, "--kommune", "3218"));

        Assert.StartsWith($"tomte import: {file}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("feature #", line, StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());
    }
}
