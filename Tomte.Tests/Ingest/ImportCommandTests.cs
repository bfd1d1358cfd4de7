using System.Text;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;

namespace Tomte.Tests.Ingest;

/// <summary><c>tomte import</c> and <c>tomte demo</c> as an operator runs them: a real process against PostGIS.</summary>
public sealed class ImportCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "tomte-import-" + Guid.NewGuid().ToString("N")[..8]);

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

    private Dictionary<string, string?> Environment() => new()
    {
        ["Tomte__Database__ConnectionString"] = _database.ConnectionString,
        ["Tomte__Output__Directory"] = Path.Combine(_scratch, "out"),
    };

    private static string Sample(string relative) => Path.Combine(SampleDataTests.CommittedDirectory, relative);

    private Task<TomteProcess.Outcome> ImportAsync(params string[] arguments) => TomteProcess.RunAsync(Environment(), ["import", .. arguments]);

    private Task<string?> RpStateAsync() =>
        _database.ScalarAsync<string>("SELECT count(*) || ':' || md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM plan.rp_planomrade");

    /// <summary>The single line the verb prints on failure; logs may precede it, a stack trace may not.</summary>
    private static string FailureLine(TomteProcess.Outcome outcome)
    {
        Assert.Equal(1, outcome.ExitCode);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
        return Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("tomte import: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_loads_a_sample_file_and_bad_input_fails_with_one_line_leaving_the_data_intact()
    {
        var ok = await ImportAsync("rp-planomrade", "--file", Sample("3218/reguleringsplaner-3218.gml"), "--kommune", "3218");
        Assert.True(ok.ExitCode == 0, ok.StandardError);
        Assert.Contains("rp-planomrade 3218: lastet inn, 220 objekter", ok.StandardOutput, StringComparison.Ordinal);
        var state = await RpStateAsync();

        // A GML file cut off in the middle of a feature, as an interrupted download leaves it.
        var gml = await File.ReadAllTextAsync(Sample("3218/reguleringsplaner-3218.gml"));
        var truncated = Path.Combine(_scratch, "avkortet.gml");
        await File.WriteAllTextAsync(truncated, gml[..(gml.Length / 2)], new UTF8Encoding(false));
        var malformed = FailureLine(await ImportAsync("rp-planomrade", "--file", truncated, "--kommune", "3218"));
        Assert.Contains(truncated, malformed, StringComparison.Ordinal);

        // A GeoJSON feature without planstatus.
        var json = await File.ReadAllTextAsync(Sample("3218/rpomrade-3218.geojson"));
        var third = json.IndexOf("\"planstatus\":", json.IndexOf("\"planstatus\":", json.IndexOf("\"planstatus\":", StringComparison.Ordinal) + 1, StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        var missing = Path.Combine(_scratch, "mangler.geojson");
        await File.WriteAllTextAsync(missing, json[..third] + "\"planstatusX\":" + json[(third + 13)..], new UTF8Encoding(false));
        var attribute = FailureLine(await ImportAsync("rp-planomrade", "--file", missing, "--kommune", "3218"));
        Assert.Matches(@"^tomte import: .*mangler\.geojson: feature #2 \(id 'rpomrade\.[0-9]+'\): missing required attribute 'planstatus' \(planstatus\)$", attribute);

        var dataset = FailureLine(await ImportAsync("reguleringsplaner", "--file", Sample("3218/reguleringsplaner-3218.gml")));
        Assert.StartsWith("tomte import: ukjent datasett 'reguleringsplaner'; kjente datasett: kp-arealformal", dataset, StringComparison.Ordinal);

        var kommune = FailureLine(await ImportAsync("rp-planomrade", "--file", Sample("3218/reguleringsplaner-3218.gml"), "--kommune", "9999"));
        Assert.Equal("tomte import: ukjent kommune '9999': er ikke et kommunenummer (fire siffer med et fylke fra 2024, f.eks. 3218)", kommune);

        var nofile = FailureLine(await ImportAsync("rp-planomrade", "--file", Path.Combine(_scratch, "finnes-ikke.gml")));
        Assert.Contains("finnes-ikke.gml", nofile, StringComparison.Ordinal);

        Assert.Equal(state, await RpStateAsync());
        // The two loads that started reading are recorded; a wrong name or a missing file is refused before any load.
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load WHERE outcome = 'failed' AND dataset = 'rp-planomrade'"));
    }

    [Fact]
    public async Task A_failure_inside_a_load_prints_its_message_as_the_last_line_and_the_log_keeps_its_stack_trace()
    {
        var state = await RpStateAsync();
        // The swap itself fails: the table refuses every new row, as a broken migration or a full disk would.
        await using (var refuse = _database.DataSource.CreateCommand("ALTER TABLE plan.rp_planomrade ADD CONSTRAINT refuse_rows CHECK (false) NOT VALID"))
        {
            await refuse.ExecuteNonQueryAsync();
        }
        var geojson = Sample("3218/rpomrade-3218.geojson");

        var person = await ImportAsync("rp-planomrade", "--file", geojson, "--kommune", "3218");
        var line = FailureLine(person);
        Assert.Contains("violates check constraint \"refuse_rows\"", line, StringComparison.Ordinal);
        Assert.EndsWith(line, person.StandardError.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("Loading rp-planomrade from ", person.StandardError, StringComparison.Ordinal);
        Assert.Contains("(PostgresException; stack trace with Logging__Console__FormatterName=simple)", person.StandardError, StringComparison.Ordinal);

        // The same failure with the journal's formatter: the log holds the stack trace down to the swap.
        var environment = Environment();
        environment["Logging__Console__FormatterName"] = "simple";
        var journal = await TomteProcess.RunAsync(environment, ["import", "rp-planomrade", "--file", geojson, "--kommune", "3218"]);
        Assert.Equal(1, journal.ExitCode);
        Assert.Contains("tomte import failed", journal.StandardError, StringComparison.Ordinal);
        Assert.Contains("at Tomte.Worker.Ingest.KommuneSwap.SwapAsync", journal.StandardError, StringComparison.Ordinal);
        Assert.Contains("at Tomte.Worker.Ingest.DatasetLoader.LoadInTransactionAsync", journal.StandardError, StringComparison.Ordinal);
        Assert.EndsWith(line, journal.StandardError.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(state, await RpStateAsync());
    }

    [Fact]
    public async Task Demo_loads_the_three_pilot_kommuner_and_a_second_run_keeps_the_next_month_and_changes_nothing()
    {
        var first = await TomteProcess.RunAsync(Environment(), "demo");
        Assert.True(first.ExitCode == 0, first.StandardError);
        var report = await File.ReadAllTextAsync(Path.Combine(_scratch, "out", "demo", "rapport.md"));
        foreach (var kommune in new[] { "3207", "3212", "3218" })
        {
            Assert.Contains($"| kp-arealformal | {kommune} | lastet inn |", report, StringComparison.Ordinal);
            Assert.Contains($"| rp-planomrade | {kommune} | lastet inn | 220 | 17 | 0 | første innlasting |", report, StringComparison.Ordinal);
            Assert.True(await _database.ScalarAsync<long>($"SELECT count(*) FROM plan.kp_arealformal WHERE kommunenummer = '{kommune}'") > 250);
            Assert.True(await _database.ScalarAsync<long>($"SELECT count(*) FROM ref.teig WHERE kommunenummer = '{kommune}'") > 100);
        }
        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM ref.kommune"));
        // The demo's analysis step loads the bundled "next month" set after the first analysis; its kommuneplan
        // (KpOmråde) is the same as the first month's, so that load finds it unchanged.
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load WHERE outcome NOT IN ('loaded', 'unchanged')"));
        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM ingest.load WHERE outcome = 'unchanged' AND dataset = 'kp-planomrade'"));
        var teig = await _database.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM ref.teig");
        var plans = await _database.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM plan.rp_planomrade");

        var second = await TomteProcess.RunAsync(Environment(), "demo");

        // A second demo keeps the next month's data (loading month one over it would turn the changes back and muddle
        // the sites' lifecycle): the month-one plans are not imported again, everything else is unchanged.
        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.Contains("Neste måneds data fra en tidligere demokjøring er beholdt for 12 datasett/kommuner", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(teig, await _database.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM ref.teig"));
        Assert.Equal(plans, await _database.ScalarAsync<string>("SELECT md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM plan.rp_planomrade"));
        var again = await File.ReadAllTextAsync(Path.Combine(_scratch, "out", "demo", "rapport.md"));
        Assert.Contains("| teig | 3218 | uendret |", again, StringComparison.Ordinal);
        Assert.Contains("| kp-hensynssoner | 3218 | uendret |", again, StringComparison.Ordinal);
        Assert.DoesNotContain("| rp-planomrade | 3218 |", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_loads_entur_netex_stops_where_the_25833_originals_are_and_a_truncated_file_changes_nothing()
    {
        var ok = await ImportAsync("stoppesteder", "--file", Sample("stoppesteder.xml"));
        Assert.True(ok.ExitCode == 0, ok.StandardError);
        foreach (var kommune in (string[])["3207", "3212", "3218"])
        {
            Assert.Contains($"stoppesteder {kommune}: lastet inn, 25 objekter", ok.StandardOutput, StringComparison.Ordinal);
        }

        // The generator wrote the same stops in EPSG:25833 as GeoJSON; the NeTEx WGS84 points must land on them.
        var originals = await Sources.Fixtures.ReadAllAsync(new Tomte.Worker.Ingest.Sources.GeoJsonFeatureReader(Sample("stoppesteder.geojson")));
        Assert.Equal(75, originals.Count);
        await using (var command = _database.DataSource.CreateCommand("""
            SELECT count(*), max(ST_Distance(s.geom, ST_SetSRID(ST_MakePoint(o.x, o.y), 25833)))
            FROM unnest($1::text[], $2::float8[], $3::float8[]) AS o(id, x, y)
            JOIN ref.stop_place s ON s.source_id = o.id
            """))
        {
            command.Parameters.AddWithValue(originals.Select(f => f.Id!).ToArray());
            command.Parameters.AddWithValue(originals.Select(f => f.Geometry!.Coordinate.X).ToArray());
            command.Parameters.AddWithValue(originals.Select(f => f.Geometry!.Coordinate.Y).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(75L, reader.GetInt64(0));
            // 6 mm seen: the 7th decimal NeTEx carries; a wrong zone, axis order or datum would be metres to kilometres off.
            Assert.InRange(reader.GetDouble(1), 0, 0.05);
        }
        Assert.Equal("3218:bus:Syntetisk holdeplass Ås 1", await _database.ScalarAsync<string>(
            "SELECT format('%s:%s:%s', kommunenummer, transport_mode, name) FROM ref.stop_place WHERE source_id = 'NSR:StopPlace:321801'"));

        // One kommune out of the national file.
        var one = await ImportAsync("stoppesteder", "--file", Sample("stoppesteder.xml"), "--kommune", "3218");
        Assert.True(one.ExitCode == 0, one.StandardError);
        Assert.Contains("stoppesteder 3218: uendret, 25 objekter", one.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("50 objekter fra andre kommuner hoppet over", one.StandardOutput, StringComparison.Ordinal);

        var state = await _database.ScalarAsync<string>("SELECT count(*) || ':' || md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM ref.stop_place");
        var xml = await File.ReadAllTextAsync(Sample("stoppesteder.xml"));
        var truncated = Path.Combine(_scratch, "stoppesteder-avkortet.xml");
        await File.WriteAllTextAsync(truncated, xml[..xml.IndexOf("Syntetisk holdeplass Nesodden 3<", StringComparison.Ordinal)], new UTF8Encoding(false));
        var failure = FailureLine(await ImportAsync("stoppesteder", "--file", truncated));
        Assert.Contains(truncated, failure, StringComparison.Ordinal);
        Assert.Contains("#27 (id 'NSR:StopPlace:321203')", failure, StringComparison.Ordinal);
        Assert.Contains("malformed or truncated XML", failure, StringComparison.Ordinal);
        Assert.Equal(state, await _database.ScalarAsync<string>("SELECT count(*) || ':' || md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM ref.stop_place"));
    }
}
