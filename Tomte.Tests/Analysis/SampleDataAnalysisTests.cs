using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Scoring;
using Tomte.Worker.Ingest;

namespace Tomte.Tests.Analysis;

/// <summary>The analysis over the bundled sample data: land is neither lost nor counted twice, and the `tomte analyze` verb.</summary>
public sealed class SampleDataAnalysisTests : IAsyncLifetime
{
    private readonly AnalysisScenario _scenario = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "tomte-analyze-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        await _scenario.InitializeAsync();
        await _scenario.Get<SampleDataImport>().RunAsync(null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _scenario.DisposeAsync();
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task Candidates_plus_land_removed_by_plans_plus_dropped_slivers_is_the_kp_bolig_union_within_a_tenth_of_a_percent()
    {
        var outcome = await _scenario.Get<AnalysisRunner>().RunAsync([], null, null, CancellationToken.None);
        Assert.Empty(outcome.Failures);
        Assert.Equal(["3207", "3212", "3218"], outcome.Analysed.Select(r => r.Kommunenummer));

        // Computed here independently of the analysis: the union of KP bolig in force, and what adopted plans on the ground take of it.
        const string sql = """
            WITH bolig AS (
                SELECT a.kommunenummer, ST_Union(a.geom) AS geom
                FROM plan.kp_arealformal a
                JOIN plan.kp_planomrade p ON p.kommunenummer = a.kommunenummer AND p.planidentifikasjon = a.planidentifikasjon AND p.planstatus IN (3, 6)
                WHERE a.arealformal IN (1110, 1130, 1800) AND a.arealbruksstatus = 2
                GROUP BY a.kommunenummer
            ), removed AS (
                SELECT b.kommunenummer, ST_Area(ST_Intersection(b.geom, ST_Union(r.geom))) AS area
                FROM bolig b JOIN plan.rp_planomrade r ON ST_Intersects(r.geom, b.geom)
                WHERE r.planstatus IN (3, 6) AND coalesce(r.vertikalniva, 2) = 2
                GROUP BY b.kommunenummer, b.geom
            )
            SELECT b.kommunenummer, ST_Area(b.geom), coalesce(r.area, 0),
                   (SELECT sum(ST_Area(t.geom)) FROM analysis.tomt t WHERE t.kommunenummer = b.kommunenummer AND t.endring <> 'borte'),
                   s.dropped_areal_m2,
                   (SELECT count(*) FROM analysis.tomt t JOIN plan.rp_planomrade r ON ST_Relate(r.geom, t.geom, '2********')
                    WHERE t.kommunenummer = b.kommunenummer AND r.planstatus IN (3, 6) AND coalesce(r.vertikalniva, 2) = 2
                      AND ST_Area(ST_Intersection(r.geom, t.geom)) > 0.01),
                   (SELECT count(*) FROM analysis.tomt t WHERE t.kommunenummer = b.kommunenummer AND ST_Area(ST_Difference(t.geom, b.geom)) > 0.01)
            FROM bolig b
            LEFT JOIN removed r ON r.kommunenummer = b.kommunenummer
            JOIN analysis.kommune_state s ON s.kommunenummer = b.kommunenummer
            ORDER BY b.kommunenummer
            """;
        await using var command = _scenario.Database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var kommuner = 0;
        while (await reader.ReadAsync())
        {
            kommuner++;
            var (kommune, bolig, removed, sites, dropped) = (reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4));
            Assert.True(removed > 0 && sites > 0, $"{kommune}: the sample data should have both plans over housing land and sites");
            var sum = sites + removed + dropped;
            Assert.True(Math.Abs(sum - bolig) <= bolig * 0.001,
                $"{kommune}: sites {sites:F1} + removed {removed:F1} + dropped {dropped:F1} = {sum:F1} m², KP bolig union {bolig:F1} m²");
            Assert.Equal(0L, reader.GetInt64(5));
            Assert.Equal(0L, reader.GetInt64(6));
        }
        Assert.Equal(3, kommuner);
    }

    [Fact]
    public async Task The_airtable_tomter_carry_the_sites_with_area_dwellings_endring_planstatus_and_conflicts()
    {
        await _scenario.Get<AnalysisRunner>().RunAsync([], null, null, CancellationToken.None);
        await _scenario.Get<ScoreRunner>().RunAsync([], CancellationToken.None);

        var files = await _scenario.Get<AirtableCsvExport>().WriteAsync(_output, CancellationToken.None);

        // Only sites at or above Tomte:Airtable:Sync:MinScore (60) go to Airtable; nothing is synced yet and no kommune is a focus kommune.
        var sites = await _scenario.Database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE score >= 60");
        Assert.True(sites > 0);
        Assert.Equal(sites, files.Single(f => f.Table == "Tomter").Records);
        var csv = await File.ReadAllTextAsync(Path.Combine(_output, "Tomter.csv"));
        Assert.StartsWith("Tomte-ID,Kommune,Areal (daa),Est. boliger,Score,Scoreforklaring,Konflikter,Kartlenke,Planstatus,Plansignal,Endring,Sist sett", csv, StringComparison.Ordinal);
        var (id, daa, boliger) = await FirstSiteAsync();
        Assert.Contains($"{id},3207 Nordre Follo,{daa.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)},{boliger},", csv, StringComparison.Ordinal);
        Assert.Matches(@"\d+ % av tomten i (flomsone|kvikkleiresone|dyrka mark|verneområde|kulturminne)", csv);
        Assert.Contains("noen andre planlegger her: ", csv, StringComparison.Ordinal);
        Assert.Contains("må vurderes (", csv, StringComparison.Ordinal);
        Assert.Contains(",ny,", csv, StringComparison.Ordinal);
    }

    private async Task<(string Id, decimal Daa, int Boliger)> FirstSiteAsync()
    {
        await using var command = _scenario.Database.DataSource.CreateCommand("SELECT tomte_id, areal_daa, est_boliger FROM analysis.tomt WHERE score >= 60 ORDER BY tomte_id LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetDecimal(1), reader.GetInt32(2));
    }

    [Fact]
    public async Task Tomte_analyze_prints_a_line_per_kommune_and_a_second_run_says_nothing_changed()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Tomte__Database__ConnectionString"] = _scenario.Database.ConnectionString,
            ["Tomte__Output__Directory"] = _output,
        };

        var first = await TomteProcess.RunAsync(environment, "analyze");
        var second = await TomteProcess.RunAsync(environment, "analyze", "--kommune", "3218");
        var withoutScore = await TomteProcess.RunAsync(environment, "analyze", "--kommune", "3207", "--uten-score");
        var bad = await TomteProcess.RunAsync(environment, "analyze", "--kommune", "3299");
        var badSetting = await TomteProcess.RunAsync(new Dictionary<string, string?>(environment) { ["Tomte__Analysis__MinBreddeMeter"] = "-3" }, "analyze");

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.Contains("Analyserer alle kommuner med kommuneplandata", first.StandardOutput, StringComparison.Ordinal);
        foreach (var kommune in new[] { "3207 Nordre Follo: ", "3212 Nesodden: ", "3218 Ås: " })
        {
            Assert.Contains(kommune, first.StandardOutput, StringComparison.Ordinal);
        }
        Assert.Contains("Ferdig: 3 kommuner analysert", first.StandardOutput, StringComparison.Ordinal);
        var sites = await _scenario.Database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE endring <> 'borte'");
        Assert.Contains($"Score: {sites} tomter scoret, 0 uendret", first.StandardOutput, StringComparison.Ordinal);
        // Maps are drawn for the sites the team opens: those scoring at least Tomte:Maps:MinScore (60).
        var mapped = await _scenario.Database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt WHERE endring IN ('ny', 'endret', 'uendret') AND score >= 60");
        Assert.InRange(mapped, 1, sites - 1);
        Assert.Contains($"Kart: {mapped} tegnet, 0 uendret", first.StandardOutput, StringComparison.Ordinal);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Ingen inndata eller innstillinger er endret siden forrige analyse for 1 kommuner; ingen geometri beregnet.", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Score: 0 tomter scoret, ", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Kart: 0 tegnet, ", second.StandardOutput, StringComparison.Ordinal);

        Assert.Equal(0, withoutScore.ExitCode);
        Assert.Contains("Ingen inndata eller innstillinger er endret siden forrige analyse for 1 kommuner", withoutScore.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Score:", withoutScore.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Kart:", withoutScore.StandardOutput, StringComparison.Ordinal);

        var id = await _scenario.Database.ScalarAsync<string>("SELECT tomte_id FROM analysis.tomt WHERE endring <> 'borte' ORDER BY score DESC, tomte_id LIMIT 1");
        var explained = await TomteProcess.RunAsync(environment, "score", "--explain", id!);
        Assert.True(explained.ExitCode == 0, explained.StandardError);
        var lines = explained.StandardOutput.Split('\n');
        Assert.StartsWith($"Tomt {id} (", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\d+ poeng: ", lines[1]);
        foreach (var part in new[] { "Størrelse", "Kapasitet", "Sentralitet", "Infrastruktur", "Konfliktfrihet", "Kommunal vilje", "Eierstruktur" })
        {
            Assert.Contains(lines, l => l.StartsWith($"  {part} ", StringComparison.Ordinal));
        }
        Assert.Contains(lines, l => l.StartsWith("  Sum ", StringComparison.Ordinal) && l.Contains("100 %", StringComparison.Ordinal));
        var unknown = await TomteProcess.RunAsync(environment, "score", "--explain", "3218-9999");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("tomte score: ingen tomt har Tomte-ID '3218-9999'", unknown.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());

        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("tomte analyze: 1 av 1 kommuner feilet (forrige resultat er beholdt); først kommune 3299 har ingen kommuneplan lastet inn " +
            "(plan.kp_planomrade og plan.kp_arealformal er tomme for kommunen); last den med tomte ingest eller tomte import kp-planomrade/kp-arealformal",
            bad.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());

        Assert.Equal(1, badSetting.ExitCode);
        Assert.Contains("Tomte:Analysis:MinBreddeMeter is -3", badSetting.StandardError, StringComparison.Ordinal);
    }
}
