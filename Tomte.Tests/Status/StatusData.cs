using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Status;

/// <summary>
/// Hand-made service state with known counts (synthetic, no real people): sites, sent letters, team statuses read
/// back, job runs, loads and Airtable calls, all relative to <see cref="Now"/>.
/// </summary>
internal static class StatusData
{
    /// <summary>Monday 30 November 2026, 10:00 in Oslo.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    // 12 sites: 10 current (ny/endret/uendret) of which 4 score above 60 (61, 75, 80, 99 with 30+40+50+60 dwellings)
    // and one exactly 60 (not above), plus 2 gone ones with high scores that must not count.
    // 5 owners: letters sent to 3 of them (one twice), one pending, one failed; team statuses:
    // dialog, møte, svar (3 active), LOI (1 signed), ikke interessert, and one owner that went dialog → LOI (counts once, as LOI).
    public const string Sql = """
        INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås'), ('3207', 'Nordre Follo') ON CONFLICT DO NOTHING;

        INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, score, endring, first_seen, last_seen)
        SELECT format('3218-%s', lpad(n::text, 4, '0')), '3218',
               ST_Multi(ST_MakeEnvelope(260000 + n * 200, 6620000, 260000 + n * 200 + 150, 6620150, 25833)),
               10, s.boliger, s.score, s.endring, timestamptz '2026-11-01 08:00+00', timestamptz '2026-11-29 08:00+00'
        FROM (VALUES (1, 61.0, 30, 'ny'), (2, 75.0, 40, 'endret'), (3, 80.0, 50, 'uendret'), (4, 99.0, 60, 'ny'),
                     (5, 60.0, 500, 'ny'), (6, 10.0, 500, 'ny'), (7, 20.0, 500, 'endret'), (8, NULL, 500, 'ny'),
                     (9, 30.0, 500, 'uendret'), (10, 59.9, 500, 'ny'),
                     (11, 95.0, 1000, 'regulert'), (12, 95.0, 1000, 'borte')) s(n, score, boliger, endring);

        INSERT INTO owners.grunneier (eier_id, navn, type, kilde, rettslig_grunnlag, hentet_dato)
        SELECT format('E%s', n), format('Testeier %s (syntetisk)', n), 'person', 'syntetisk testdata', 'berettiget interesse', date '2026-11-15'
        FROM generate_series(1, 6) n;

        INSERT INTO outreach.outbox (eier_id, step, channel, due_at, status, created_at, updated_at)
        VALUES ('E1', 'grunneierbrev-1', 'post', now(), 'sent', now(), now()),
               ('E1', 'oppfolging', 'epost', now(), 'sent', now(), now()),
               ('E2', 'grunneierbrev-1', 'post', now(), 'sent', now(), now()),
               ('E3', 'grunneierbrev-1', 'post', now(), 'sent', now(), now()),
               ('E4', 'grunneierbrev-1', 'post', now(), 'pending', now(), now()),
               ('E5', 'grunneierbrev-1', 'post', now(), 'failed', now(), now());

        INSERT INTO airtable.team_field_history (table_name, record_key, field_name, value, valid_from, read_at)
        VALUES ('Grunneiere', 'E1', 'Status', '"dialog"', now(), now()),
               ('Grunneiere', 'E2', 'Status', '"møte"', now(), now()),
               ('Grunneiere', 'E3', 'Status', '"svar"', now(), now()),
               ('Grunneiere', 'E4', 'Status', '"ikke interessert"', now(), now()),
               ('Grunneiere', 'E5', 'Status', '"dialog"', now(), now()),
               ('Grunneiere', 'E5', 'Status', '"LOI"', now(), now()),
               ('Grunneiere', 'E6', 'Notater', '"dialog"', now(), now()),
               ('Tomter', '3218-0001', 'Status', '"i dialog"', now(), now());

        -- ingest: failed three times in a row after a success; airtable-sync: failed once, then succeeded; prune: running now.
        INSERT INTO ops.job_run (job_name, fire_instance_id, instance_name, scheduled_at, started_at, finished_at, outcome, error)
        VALUES ('ingest', 'f1', 'test', NULL, timestamptz '2026-11-26 03:00+00', timestamptz '2026-11-26 03:10+00', 'succeeded', NULL),
               ('ingest', 'f2', 'test', NULL, timestamptz '2026-11-27 03:00+00', timestamptz '2026-11-27 03:01+00', 'failed', 'WFS svarte 503'),
               ('ingest', 'f3', 'test', NULL, timestamptz '2026-11-28 03:00+00', timestamptz '2026-11-28 03:01+00', 'failed', 'WFS svarte 503'),
               ('ingest', 'f4', 'test', NULL, timestamptz '2026-11-29 03:00+00', timestamptz '2026-11-29 03:02:30+00', 'failed', 'WFS svarte 504'),
               ('airtable-sync', 's1', 'test', NULL, timestamptz '2026-11-30 08:30+00', timestamptz '2026-11-30 08:30:05+00', 'failed', 'timeout'),
               ('airtable-sync', 's2', 'test', NULL, timestamptz '2026-11-30 08:45+00', timestamptz '2026-11-30 08:45:12.5+00', 'succeeded', NULL),
               ('prune-job-history', 'p1', 'test', NULL, timestamptz '2026-11-30 08:59+00', NULL, 'running', NULL);

        -- kp-planomrade: 3218 loaded 2 h ago, 3207 last good load 5 days ago and its newest attempt failed.
        -- kommune (national, no kommunenummer): 10 days old, but borders may be 400 days old (StaleAfterPerDataset).
        INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, outcome)
        VALUES ('kp-planomrade', '3218', 'file', 't', timestamptz '2026-11-25 07:00+00', timestamptz '2026-11-25 07:01+00', 'loaded'),
               ('kp-planomrade', '3218', 'file', 't', timestamptz '2026-11-30 07:00+00', timestamptz '2026-11-30 07:01+00', 'unchanged'),
               ('kp-planomrade', '3207', 'file', 't', timestamptz '2026-11-25 07:00+00', timestamptz '2026-11-25 07:01+00', 'loaded'),
               ('kp-planomrade', '3207', 'file', 't', timestamptz '2026-11-30 07:00+00', timestamptz '2026-11-30 07:01+00', 'failed'),
               ('kommune', NULL, 'file', 't', timestamptz '2026-11-20 07:00+00', timestamptz '2026-11-20 07:01+00', 'loaded');

        -- This month (Oslo): 1,234 + 766 calls over two bases; the last day of October (Oslo) does not count.
        INSERT INTO ops.airtable_call (base_id, day, calls, throttled)
        VALUES ('appAAAAAAAAAAAAAA', date '2026-11-01', 1234, 2),
               ('appAAAAAAAAAAAAAA', date '2026-11-30', 700, 0),
               ('appBBBBBBBBBBBBBB', date '2026-11-15', 66, 1),
               ('appAAAAAAAAAAAAAA', date '2026-10-31', 50000, 40);
        """;

    public static async Task InsertAsync(PostgisDatabase database)
    {
        await using var command = database.DataSource.CreateCommand(Sql);
        await command.ExecuteNonQueryAsync();
    }
}
