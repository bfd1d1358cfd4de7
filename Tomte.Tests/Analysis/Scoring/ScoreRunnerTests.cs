using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Tests.Analysis.Scoring;

/// <summary>ScoreRunner on a real PostGIS: what it reads, what it stores, and that it rescores only what changed.</summary>
public sealed class ScoreRunnerTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, services: s => s.AddSingleton<TimeProvider>(_time));
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    private Task<ScoreRunner.Outcome> ScoreAsync() => TestHost.Get<ScoreRunner>(_host).RunAsync([], CancellationToken.None);

    [Fact]
    public async Task Every_component_is_stored_with_raw_value_points_weight_and_explanation_beside_the_score_and_sentence()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 134.165, konflikter: """{"flomsone": 0.12}""");

        var outcome = await ScoreAsync();

        Assert.Equal(1, outcome.Scored);
        // 18.0 daa, 45 boliger, 600 m, 150 m, 12 % flomsone, vilje and owners unknown: see SiteScorerGoldenTests.
        var (score, sentence, _, _) = await ScoringTestSites.ScoreOfAsync(_database, "3218-0001");
        Assert.Equal(69.1m, score);
        Assert.Equal("69 poeng: stor tomt (18 daa, ~45 boliger), 600 m til holdeplass, 150 m til vei, 12 % i flomsone, kommunal vilje ikke satt, eiere ikke kjent", sentence);
        Assert.Equal(7L, await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.score_component WHERE tomte_id = '3218-0001'"));
        Assert.Equal("0.12|0.2|88|12 % i flomsone", await _database.ScalarAsync<string>(
            "SELECT raw_value || '|' || weight || '|' || points || '|' || explanation FROM analysis.score_component WHERE tomte_id = '3218-0001' AND component = 'konfliktfrihet'"));
        Assert.Equal(1.00m, await _database.ScalarAsync<decimal>("SELECT sum(weight) FROM analysis.score_component WHERE tomte_id = '3218-0001'"));
        Assert.Null(await _database.ScalarAsync<decimal?>(
            "SELECT raw_value FROM analysis.score_component WHERE tomte_id = '3218-0001' AND component = 'kommunal_vilje'"));
    }

    [Fact]
    public async Task The_score_of_a_site_does_not_change_when_another_site_is_added()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 100);
        await ScoreAsync();
        var before = await ScoringTestSites.ScoreOfAsync(_database, "3218-0001");
        var componentsBefore = await _database.ScalarAsync<string>("SELECT string_agg(component || points, ',' ORDER BY component) FROM analysis.score_component WHERE tomte_id = '3218-0001'");
        _time.Advance(TimeSpan.FromHours(1));

        // A much bigger, better site appears next to it.
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0002", 260_500, 6_620_000, 400, stoppM: 50, veiM: 10);
        var outcome = await ScoreAsync();

        Assert.Equal(1, outcome.Scored);
        Assert.Equal(1, outcome.Unchanged);
        Assert.Equal(before, await ScoringTestSites.ScoreOfAsync(_database, "3218-0001"));
        Assert.Equal(componentsBefore, await _database.ScalarAsync<string>("SELECT string_agg(component || points, ',' ORDER BY component) FROM analysis.score_component WHERE tomte_id = '3218-0001'"));
        Assert.True((await ScoringTestSites.ScoreOfAsync(_database, "3218-0002")).Score > before.Score);
    }

    [Fact]
    public async Task A_rerun_with_nothing_changed_writes_nothing_and_a_changed_input_rescores_only_that_site()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 100);
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0002", 260_500, 6_620_000, 100);
        await ScoreAsync();

        var again = await ScoreAsync();
        await ScoringTestSites.ExecuteAsync(_database, "UPDATE analysis.tomt SET naermeste_vei_m = 25 WHERE tomte_id = '3218-0002'");
        var changed = await ScoreAsync();

        Assert.Equal((0, 2), (again.Scored, again.Unchanged));
        Assert.Equal((1, 1), (changed.Scored, changed.Unchanged));
        Assert.Contains("25 m til vei", (await ScoringTestSites.ScoreOfAsync(_database, "3218-0002")).Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ssb_sentralitet_and_owners_enter_the_score_and_gone_sites_are_not_scored()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 100);
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0002", 260_500, 6_620_000, 100, endring: "borte");
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0003", 261_000, 6_620_000, 100, endring: "regulert");
        await ScoringTestSites.ExecuteAsync(_database, """
            INSERT INTO ssb.kommune_indikator (kommunenummer, folketall, sentralitet, oppdatert) VALUES ('3218', 21000, 3, now());
            INSERT INTO owners.eiendom (matrikkelnummer, kommunenummer, gnr, bnr) VALUES ('3218-1/1', '3218', 1, 1), ('3218-1/2', '3218', 1, 2);
            INSERT INTO owners.tomt_eiendom (tomte_id, matrikkelnummer, andel_av_tomt) VALUES ('3218-0001', '3218-1/1', 0.6), ('3218-0001', '3218-1/2', 0.4);
            INSERT INTO owners.grunneier (eier_id, navn, type, kilde, rettslig_grunnlag, hentet_dato)
            VALUES ('E1', 'Testeier 1 (syntetisk)', 'person', 'test', 'test', '2026-11-01'), ('E2', 'Testeier 2 (syntetisk)', 'person', 'test', 'test', '2026-11-01');
            -- E1 owns both parcels: two parcels, two distinct owners.
            INSERT INTO owners.eierskap (eier_id, matrikkelnummer) VALUES ('E1', '3218-1/1'), ('E1', '3218-1/2'), ('E2', '3218-1/2');
            """);

        var outcome = await ScoreAsync();

        Assert.Equal(1, outcome.Scored);
        Assert.Null(await _database.ScalarAsync<decimal?>("SELECT score FROM analysis.tomt WHERE tomte_id = '3218-0002'"));
        Assert.Null(await _database.ScalarAsync<decimal?>("SELECT score FROM analysis.tomt WHERE tomte_id = '3218-0003'"));
        // 600 m (77.778 p) and class 3 (60 p): 68.89. Two owners on 10 .. 1: 88.89.
        Assert.Equal(68.89m, await _database.ScalarAsync<decimal>("SELECT points FROM analysis.score_component WHERE tomte_id = '3218-0001' AND component = 'sentralitet'"));
        Assert.Equal("88.89|2 eiere", await _database.ScalarAsync<string>(
            "SELECT points || '|' || explanation FROM analysis.score_component WHERE tomte_id = '3218-0001' AND component = 'eierstruktur'"));
        Assert.Contains("sentralitetsklasse 3", (await ScoringTestSites.ScoreOfAsync(_database, "3218-0001")).Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_inside_a_verneomrade_is_flagged()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 100, konflikter: """{"verneomrade": 1.0}""");

        await ScoreAsync();

        Assert.True(await _database.ScalarAsync<bool>("SELECT helt_i_verneomrade FROM analysis.tomt WHERE tomte_id = '3218-0001'"));
        Assert.Equal(0m, await _database.ScalarAsync<decimal>("SELECT points FROM analysis.score_component WHERE tomte_id = '3218-0001' AND component = 'konfliktfrihet'"));
    }

    [Fact]
    public async Task New_weights_rescore_every_site()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 100);
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0002", 260_500, 6_620_000, 100);
        await ScoreAsync();

        using var other = TestHost.Build(_database, new Dictionary<string, string?>
        {
            ["Tomte:Scoring:Vekter:Kapasitet"] = "0.10",
            ["Tomte:Scoring:Vekter:Eierstruktur"] = "0.20",
        });
        var outcome = await TestHost.Get<ScoreRunner>(other).RunAsync([], CancellationToken.None);

        Assert.Equal(2, outcome.Scored);
        Assert.Equal(0.20m, await _database.ScalarAsync<decimal>("SELECT weight FROM analysis.score_component WHERE tomte_id = '3218-0001' AND component = 'eierstruktur'"));
    }

    [Fact]
    public async Task Kommunal_vilje_read_back_from_airtable_changes_the_score_on_the_next_run()
    {
        await ScoringTestSites.InsertSiteAsync(_database, "3218-0001", 260_000, 6_620_000, 134.165, konflikter: """{"flomsone": 0.12}""");
        await ScoreAsync();
        await using var bed = await SyncTestBed.StartAsync(_database);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        var kommuner = bed.Table("Kommuner");
        kommuner.EditAsTeam(kommuner.Records.Single(r => r.Text("Kommunenummer") == "3218").Id, new JsonObject { ["Kommunal vilje"] = 5 });

        var unread = await ScoreAsync();
        await bed.Get<AirtableInboundSync>().RunAsync(CancellationToken.None);
        var read = await ScoreAsync();

        Assert.Equal(0, unread.Scored);
        Assert.Equal(1, read.Scored);
        // Neutral 50 → 100 points at 10 %: five more.
        var (score, sentence, _, _) = await ScoringTestSites.ScoreOfAsync(_database, "3218-0001");
        Assert.Equal(74.1m, score);
        Assert.Contains("kommunal vilje 5", sentence, StringComparison.Ordinal);
        Assert.Equal("kommunal vilje 5 av 5", await _database.ScalarAsync<string>(
            "SELECT explanation FROM analysis.score_component WHERE tomte_id = '3218-0001' AND component = 'kommunal_vilje'"));
    }
}
