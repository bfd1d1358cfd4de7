using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Tests.Owners;

/// <summary>
/// Retention on hand-made sites and owners in PostGIS and the strict Airtable fake: exactly the owners whose sites are
/// all gone long enough, and who are not in dialogue, are erased, everywhere, without a hash; the log names no one.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly PostgisDatabase _database = new();
    private readonly CapturedLogs _logs = new();

    private FakeTimeProvider Time { get; } = new(Now);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        // Sites: 0001 borte 200 days ago, 0002 live, 0003 regulert 200 days ago, 0004 borte 10 days ago.
        // Owners (fictional): G000001 only on gone sites; G000002 also on the live site; G000003 in dialogue;
        // G000004 on a site gone too recently; G000005 on no site; G000006 only on a gone site, opted out.
        await SyncTestData.ExecuteAsync(_database, """
            INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås');
            INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, score, endring, endring_at, first_seen, last_seen)
            SELECT format('3218-%s', lpad(n::text, 4, '0')), '3218',
                   ST_Multi(ST_MakeEnvelope(260000 + n * 200, 6620000, 260000 + n * 200 + 150, 6620150, 25833)), 22.5, 10, 80,
                   e.endring, timestamptz '2026-11-30 09:00+00' - make_interval(days => e.days_ago),
                   timestamptz '2025-01-01 08:00+00', timestamptz '2026-11-30 08:00+00'
            FROM (VALUES (1, 'borte', 200), (2, 'ny', 300), (3, 'regulert', 200), (4, 'borte', 10)) e(n, endring, days_ago);

            INSERT INTO owners.eiendom (matrikkelnummer, kommunenummer, gnr, bnr)
            SELECT format('3218-1/%s', n), '3218', 1, n FROM generate_series(1, 7) n;
            INSERT INTO owners.tomt_eiendom (tomte_id, matrikkelnummer, andel_av_tomt)
            VALUES ('3218-0001', '3218-1/1', 0.5), ('3218-0003', '3218-1/3', 1), ('3218-0001', '3218-1/5', 0.5),
                   ('3218-0002', '3218-1/2', 1), ('3218-0004', '3218-1/4', 1);

            INSERT INTO owners.grunneier (eier_id, navn, type, adresse, postnummer, poststed, epost, kilde, rettslig_grunnlag, hentet_dato, merge_key)
            SELECT format('G%s', lpad(n::text, 6, '0')), format('Fiktiv Eier %s', n), 'person', format('Oppdiktet vei %s', n), '1430', 'Ås',
                   format('eier%s@fiktiv.example', n), 'syntetisk testdata', 'testgrunnlag', date '2026-01-15', format('navn:eier fiktiv %s|oppdiktet vei %s|1430', n, n)
            FROM generate_series(1, 6) n;
            INSERT INTO owners.eierskap (eier_id, matrikkelnummer, andel)
            VALUES ('G000001', '3218-1/1', '1/2'), ('G000001', '3218-1/3', '1/1'),
                   ('G000002', '3218-1/5', '1/1'), ('G000002', '3218-1/2', '1/1'),
                   ('G000003', '3218-1/1', '1/2'),
                   ('G000004', '3218-1/4', '1/1'),
                   ('G000005', '3218-1/7', '1/1'),
                   ('G000006', '3218-1/3', '1/1');
            INSERT INTO outreach.suppression (eier_id, reason, source, created_at) VALUES ('G000006', 'opt_out', 'svar: stopp', now());
            INSERT INTO owners.vask (fil, vaskedato, importert, antall, reserverte) VALUES ('vask.csv', '2026-11-01', now(), 1, 0);
            INSERT INTO owners.vask_eier (vask_id, eier_id, vaskedato, reservert) SELECT vask_id, 'G000001', '2026-11-01', false FROM owners.vask;
            """);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<SyncTestBed> SyncedBedAsync()
    {
        var bed = await SyncTestBed.StartAsync(_database, settings: new Dictionary<string, string?>
        {
            ["Tomte:Owners:LegalBasis"] = "Testgrunnlag",
            ["Tomte:Owners:Privacy:RetentionDays"] = "180",
        }, services: s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        });
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        var owners = bed.Table(TomteSchema.Grunneiere);
        owners.EditAsTeam(owners.Records.Single(r => r.Text("Eier-ID") == "G000003").Id, new JsonObject { ["Status"] = "dialog" });
        owners.EditAsTeam(owners.Records.Single(r => r.Text("Eier-ID") == "G000001").Id, new JsonObject { ["Status"] = "ikke interessert", ["Notater"] = "Ringte, ikke aktuelt" });
        await bed.Get<AirtableInboundSync>().RunAsync(CancellationToken.None);
        return bed;
    }

    private async Task<string[]> OwnersLeftAsync()
    {
        var ids = new List<string>();
        await using var command = _database.DataSource.CreateCommand("SELECT eier_id FROM owners.grunneier ORDER BY eier_id");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return [.. ids];
    }

    [Fact]
    public async Task A_dry_run_names_who_would_go_and_erases_nothing()
    {
        await using var bed = await SyncedBedAsync();

        var result = await bed.Get<OwnerRetention>().RunAsync(dryRun: true, CancellationToken.None);

        Assert.Equal(["G000001", "G000006"], result.Due);
        Assert.Equal((1, 1, true), (result.InDialogue, result.TooRecent, result.DryRun));
        Assert.Equal(6, (await OwnersLeftAsync()).Length);
        Assert.Equal(6, bed.Table(TomteSchema.Grunneiere).Records.Count);
    }

    [Fact]
    public async Task Retention_erases_exactly_the_owners_whose_sites_are_all_gone_long_enough_in_postgis_and_airtable_without_a_hash()
    {
        await using var bed = await SyncedBedAsync();
        var records = bed.Table(TomteSchema.Grunneiere);
        var before = records.Records.ToDictionary(r => r.Text("Eier-ID")!, r => r.Id);

        var result = await bed.Get<OwnerRetention>().RunAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(["G000001", "G000006"], result.Due);
        Assert.Equal(2, result.AirtableRecordsDeleted);
        Assert.Equal(["G000002", "G000003", "G000004", "G000005"], await OwnersLeftAsync());
        Assert.Equal(["G000002", "G000003", "G000004", "G000005"], records.Records.Select(r => r.Text("Eier-ID")!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(records.Records, r => r.Id == before["G000001"] || r.Id == before["G000006"]);
        foreach (var sql in new[]
        {
            "SELECT count(*) FROM owners.eierskap WHERE eier_id IN ('G000001', 'G000006')",
            "SELECT count(*) FROM owners.vask_eier WHERE eier_id = 'G000001'",
            "SELECT count(*) FROM outreach.suppression WHERE eier_id IN ('G000001', 'G000006')",
            "SELECT count(*) FROM airtable.team_field_history WHERE record_key = 'G000001'",
            "SELECT count(*) FROM airtable.record_map WHERE record_key IN ('G000001', 'G000006')",
        })
        {
            Assert.Equal(0L, await _database.ScalarAsync<long>(sql));
        }
        // No hash for an owner who never objected; the one who opted out stays out as a hash.
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.suppression WHERE reason = 'gdpr_sletting'"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("""
            SELECT count(*) FROM outreach.suppression s, owners.hash_salt h
            WHERE s.reason = 'opt_out' AND s.eier_id IS NULL
              AND s.eier_hash = encode(sha256(h.salt || convert_to('navn:eier fiktiv 6|oppdiktet vei 6|1430', 'UTF8')), 'hex')
            """));
        // The sites themselves are history and stay.
        Assert.Equal(4L, await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt"));

        var logged = string.Join("\n", _logs.Entries.Select(e => e.Message + e.Exception));
        Assert.Contains(_logs.Entries, e => e.EventId == 6067 && e.Message.Contains("erased 2 owners", StringComparison.Ordinal));
        foreach (var personal in new[] { "Fiktiv Eier", "Oppdiktet vei", "fiktiv.example", "Ringte" })
        {
            Assert.DoesNotContain(personal, logged, StringComparison.OrdinalIgnoreCase);
        }

        // A second run finds nothing more; a site coming back keeps its owners.
        var again = await bed.Get<OwnerRetention>().RunAsync(dryRun: false, CancellationToken.None);
        Assert.Empty(again.Due);
    }

    [Fact]
    public async Task The_period_counts_from_when_the_last_site_went_and_follows_the_setting()
    {
        await using var bed = await SyncedBedAsync();
        Time.Advance(TimeSpan.FromDays(171)); // site 0004 went 181 days ago now

        var result = await bed.Get<OwnerRetention>().RunAsync(dryRun: true, CancellationToken.None);

        Assert.Equal(["G000001", "G000004", "G000006"], result.Due);
        Assert.Equal(0, result.TooRecent);
    }

    [Fact]
    public async Task The_retention_job_runs_in_the_service_and_erases_the_same_owners()
    {
        using var host = TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Owners:LegalBasis"] = "Testgrunnlag" },
            services: s => s.AddSingleton<TimeProvider>(Time), isService: true);
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<string>($"SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = '{RetentionJob.Name}-cron'") == "0 15 3 * * ?",
                "the retention job's daily trigger is stored");
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

            await scheduler.TriggerJob(new JobKey(RetentionJob.Name));

            await Eventually.TrueAsync(
                async () => await _database.ScalarAsync<long>($"SELECT count(*) FROM ops.job_run WHERE job_name = '{RetentionJob.Name}' AND outcome = 'succeeded'") == 1,
                "the retention run is recorded");
            // Without a read-back nobody is in dialogue here, so G000003 goes too.
            Assert.Equal(["G000002", "G000004", "G000005"], await OwnersLeftAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
