using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Doctor;

namespace Tomte.Tests.Airtable.Sync;

/// <summary>What the score changes in Airtable: which sites go there at all, the SSB indicators on Kommuner, and the record limit.</summary>
public sealed class AirtableScoreSyncTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private async Task InsertSitesAsync()
    {
        // (id, kommune, score, endring): the threshold is 60; 3207 is a focus kommune in these tests.
        await SyncTestData.ExecuteAsync(_database, """
            INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås'), ('3207', 'Nordre Follo');
            INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, score, score_forklaring, endring, first_seen, last_seen)
            SELECT s.id, s.k, ST_Multi(ST_MakeEnvelope(260000 + s.n * 200, 6620000, 260150 + s.n * 200, 6620150, 25833)), 22.5, 56, s.score,
                   CASE WHEN s.score IS NOT NULL THEN s.score || ' poeng: syntetisk' END, s.endring, now(), now()
            FROM (VALUES (1, '3218-0001', '3218', 59.9, 'ny'), (2, '3218-0002', '3218', 60.0, 'uendret'), (3, '3218-0003', '3218', 85.0, 'endret'),
                         (4, '3218-0004', '3218', NULL, 'regulert'), (5, '3207-0001', '3207', 30.0, 'ny'), (6, '3207-0002', '3207', NULL, 'regulert'),
                         (7, '3207-0003', '3207', 30.0, 'uendret')) s(n, id, k, score, endring);
            """);
    }

    [Fact]
    public async Task Only_sites_worth_the_teams_time_go_to_airtable_and_a_synced_site_stays_current()
    {
        await InsertSitesAsync();
        await using var bed = await SyncTestBed.StartAsync(_database, settings: new Dictionary<string, string?> { ["Tomte:Airtable:Sync:FocusKommuner:0"] = "3207" });
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);

        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);

        // Score ≥ 60 anywhere; ny or regulert in the focus kommune whatever the score.
        Assert.Equal(["3207-0001", "3207-0002", "3218-0002", "3218-0003"], bed.Table("Tomter").Records.Select(r => r.Text("Tomte-ID")!).Order());

        await SyncTestData.ExecuteAsync(_database, "UPDATE analysis.tomt SET score = 40, score_forklaring = '40 poeng: syntetisk' WHERE tomte_id = '3218-0003'");
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);

        var dropped = bed.Table("Tomter").Records.Single(r => r.Text("Tomte-ID") == "3218-0003");
        Assert.Equal(40, dropped.Fields["Score"].GetValue<double>());
        Assert.Equal(4, bed.Table("Tomter").Records.Count);
    }

    [Fact]
    public async Task Tomter_carry_the_explanation_conflicts_with_the_verneomrade_flag_and_plan_signals()
    {
        await InsertSitesAsync();
        await SyncTestData.ExecuteAsync(_database, """
            UPDATE analysis.tomt SET helt_i_verneomrade = true, konflikter = '{"verneomrade": 1.0}',
                   plansignaler = '[{"kilde": "reguleringsplan", "planidentifikasjon": "R-2026-07", "plannavn": "Syntetisk felt", "planstatus": 2},
                                    {"kilde": "planlegging_igangsatt", "planidentifikasjon": "R-2026-09", "plannavn": null, "planstatus": 1}]'
            WHERE tomte_id = '3218-0003';
            INSERT INTO analysis.score_component (tomte_id, component, raw_value, weight, points, explanation)
            VALUES ('3218-0003', 'storrelse', 22.5, 0.15, 100, '22,5 daa'), ('3218-0003', 'konfliktfrihet', 1, 0.20, 0, 'hele tomten i verneområde (flagget)');
            """);
        using var host = TestHost.Build(_database);

        var records = await TestHost.Get<AirtableProjection>(host).ProjectAsync(TomteSchema.Tomter, CancellationToken.None);

        var site = records.Single(r => r.Key == "3218-0003");
        Assert.Equal("85.0 poeng: syntetisk\n\nStørrelse (15 %): 100 poeng – 22,5 daa\nKonfliktfrihet (20 %): 0 poeng – hele tomten i verneområde (flagget)",
            site.Fields["Scoreforklaring"]);
        Assert.Equal("HELE TOMTEN I VERNEOMRÅDE\n100 % av tomten i verneområde", site.Fields["Konflikter"]);
        Assert.Equal("R-2026-07 Syntetisk felt (reguleringsplanforslag)\nR-2026-09 (varslet oppstart)", site.Fields["Plansignal"]);
    }

    [Fact]
    public async Task Kommuner_carry_the_ssb_indicators_and_leave_them_empty_where_ssb_has_no_row()
    {
        await InsertSitesAsync();
        await SyncTestData.ExecuteAsync(_database, """
            INSERT INTO ssb.kommune_indikator (kommunenummer, folketall, folketall_ar, vekst_5ar_pct, framskrevet_2030, framskrevet_2040, framskriving_tabell,
                                               boligstart, boligstart_ar, median_inntekt, inntekt_ar, sentralitet, oppdatert)
            VALUES ('3218', 21346, 2025, 6.4, 22900, 25100, '14288', 112, 2024, 742000, 2023, 3, '2026-11-28 10:00+01');
            """);
        await using var bed = await SyncTestBed.StartAsync(_database);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);

        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);

        var aas = bed.Table("Kommuner").Records.Single(r => r.Text("Kommunenummer") == "3218");
        Assert.Equal(21346, aas.Fields["Folketall"].GetValue<double>());
        Assert.Equal(6.4, aas.Fields["Vekst 5 år (%)"].GetValue<double>());
        Assert.Equal(25100, aas.Fields["Framskrevet 2040"].GetValue<double>());
        Assert.Equal(742000, aas.Fields["Medianinntekt"].GetValue<double>());
        Assert.Equal(3, aas.Fields["Sentralitet"].GetValue<double>());
        var text = aas.Text("SSB indikatorer")!;
        Assert.Contains("Folketall 21\u00A0346 (2025) (SSB 07459)", text, StringComparison.Ordinal);
        Assert.Contains("Framskrevet folketall: 2030 22\u00A0900, 2040 25\u00A0100 (SSB 14288)", text, StringComparison.Ordinal);
        Assert.Contains("Hentet fra SSB 2026-11-28", text, StringComparison.Ordinal);
        var follo = bed.Table("Kommuner").Records.Single(r => r.Text("Kommunenummer") == "3207");
        Assert.False(follo.Fields.ContainsKey("Folketall"));
        Assert.False(follo.Fields.ContainsKey("SSB indikatorer"));
    }

    [Theory]
    [InlineData(7, DoctorStatus.Ok)]
    [InlineData(8, DoctorStatus.Warning)]
    public async Task Doctor_warns_when_the_synced_records_approach_the_base_limit(int records, DoctorStatus expected)
    {
        await SyncTestData.ExecuteAsync(_database, $"""
            INSERT INTO airtable.record_map (table_name, record_key, record_id, synced_at)
            SELECT 'Tomter', format('3218-%s', lpad(n::text, 4, '0')), format('rec%s', lpad(n::text, 14, '0')), now() FROM generate_series(1, {records}) n;
            INSERT INTO airtable.record_map (table_name, record_key, record_id, synced_at, discarded_at) VALUES ('Tomter', '3218-9999', 'recDISCARDED00001', now(), now());
            """);
        using var host = TestHost.Build(_database, new Dictionary<string, string?>
        {
            ["Tomte:Airtable:Sync:BaseRecordLimit"] = "10",
            ["Tomte:Airtable:Sync:RecordLimitWarningShare"] = "0.8",
        });

        var lines = await TestHost.Get<DoctorRunner>(host).RunAsync(CancellationToken.None);

        var line = lines.Single(l => l.Label == "Airtable-poster");
        Assert.Equal(expected, line.Result.Status);
        Assert.StartsWith($"{records} av 10 poster i basen", line.Result.Detail, StringComparison.Ordinal);
        if (expected == DoctorStatus.Warning)
        {
            Assert.Contains("Tomte:Airtable:Sync:MinScore", line.Result.Detail, StringComparison.Ordinal);
        }
    }
}
