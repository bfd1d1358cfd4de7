using Npgsql;
using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Airtable.Sync;

/// <summary>Synthetic sites, parcels and owners (no real people or properties) inserted straight into PostGIS.</summary>
internal static class SyncTestData
{
    /// <summary>
    /// Inserts <paramref name="tomter"/> sites in kommune 3218 (Ås), <paramref name="eiendommer"/> parcels spread
    /// over them, and <paramref name="grunneiere"/> owners, each parcel owned by one or two of them.
    /// </summary>
    public static async Task InsertAsync(PostgisDatabase database, int tomter, int eiendommer, int grunneiere)
    {
        const string sql = """
            INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås'), ('3207', 'Nordre Follo'), ('3212', 'Nesodden')
            ON CONFLICT DO NOTHING;

            INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, score, score_forklaring, konflikter,
                                       planstatus, endring, first_seen, last_seen)
            SELECT format('3218-%s', lpad(n::text, 4, '0')), '3218',
                   ST_Multi(ST_MakeEnvelope(260000 + n * 200, 6620000, 260000 + n * 200 + 150, 6620150, 25833)),
                   22.5 + n % 10, 10 + n % 40, 60 + (n % 40), format('%s poeng: syntetisk tomt, 450 m til holdeplass, 12 %% i flomsone', 60 + (n % 40)),
                   '{"flomsone": 0.12}', CASE WHEN n % 7 = 0 THEN 'forslag (planstatus 2)' END,
                   CASE WHEN n % 3 = 0 THEN 'endret' ELSE 'ny' END,
                   timestamptz '2026-11-01 08:00+00', timestamptz '2026-11-20 08:00+00'
            FROM generate_series(1, @tomter) n;

            INSERT INTO analysis.score_component (tomte_id, component, raw_value, weight, points, explanation)
            SELECT tomte_id, c.component, c.raw, c.weight, c.points, c.explanation
            FROM analysis.tomt
            CROSS JOIN (VALUES ('sentralitet', 450.0, 0.15, 30.0, '450 m til holdeplass med 4 avganger i timen'),
                               ('konfliktfrihet', 0.12, 0.20, 88.0, '12 % i flomsone')) c(component, raw, weight, points, explanation);

            INSERT INTO owners.eiendom (matrikkelnummer, kommunenummer, gnr, bnr)
            SELECT format('3218-%s/%s', 100 + n / 50, n % 50 + 1), '3218', 100 + n / 50, n % 50 + 1
            FROM generate_series(1, @eiendommer) n;

            INSERT INTO owners.tomt_eiendom (tomte_id, matrikkelnummer, andel_av_tomt)
            SELECT format('3218-%s', lpad((1 + (n - 1) % @tomter)::text, 4, '0')), format('3218-%s/%s', 100 + n / 50, n % 50 + 1), 0.25
            FROM generate_series(1, @eiendommer) n
            WHERE @tomter > 0;

            INSERT INTO owners.grunneier (eier_id, navn, type, adresse, postnummer, poststed, kilde, rettslig_grunnlag, hentet_dato)
            SELECT format('E%s', lpad(n::text, 6, '0')), format('Testeier %s (syntetisk)', n),
                   CASE WHEN n % 5 = 0 THEN 'organisasjon' ELSE 'person' END,
                   format('Eksempelveien %s', n), '1430', 'Ås', 'syntetisk testdata', 'berettiget interesse', date '2026-11-15'
            FROM generate_series(1, @grunneiere) n;

            INSERT INTO owners.eierskap (eier_id, matrikkelnummer, andel)
            SELECT format('E%s', lpad((1 + (n - 1) % @grunneiere)::text, 6, '0')), format('3218-%s/%s', 100 + n / 50, n % 50 + 1), '1/1'
            FROM generate_series(1, @eiendommer) n
            WHERE @grunneiere > 0;
            """;
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("tomter", tomter));
        command.Parameters.Add(new NpgsqlParameter("eiendommer", eiendommer));
        command.Parameters.Add(new NpgsqlParameter("grunneiere", grunneiere));
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ExecuteAsync(PostgisDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
