using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Brokers;

/// <summary>
/// brokers.innspill: each tip's last assessment as its Airtable fields will show it. A refused tip keeps its previous
/// assessment columns and only gets status 'feil' and the message, so nothing but the message changes on the tip.
/// </summary>
public sealed class TipStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAssessedAsync(string innspillId, string? meglerId, string inputText, string inputHash, TipAssessment a, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO brokers.innspill AS i (innspill_id, megler_id, input_text, input_hash, status, melding, kommunenummer, geom, areal_daa,
                sonert_andel, formal, regulert_andel, utviklbar_daa, planer, konflikter, score, score_forklaring, eiere, matrikkelnumre, tomte_ids, kart, vurdert_at)
            VALUES (@id, @megler, @input, @hash, 'vurdert', NULL, @k, ST_Multi(@geom), @areal, @sonert, @formal, @regulert, @utviklbar, @planer, @konflikter,
                @score, @forklaring, @eiere, @mnr, @tomter, @kart, @now)
            ON CONFLICT (innspill_id) DO UPDATE SET
                megler_id = EXCLUDED.megler_id, input_text = EXCLUDED.input_text, input_hash = EXCLUDED.input_hash, status = 'vurdert', melding = NULL,
                kommunenummer = EXCLUDED.kommunenummer, geom = EXCLUDED.geom, areal_daa = EXCLUDED.areal_daa, sonert_andel = EXCLUDED.sonert_andel,
                formal = EXCLUDED.formal, regulert_andel = EXCLUDED.regulert_andel, utviklbar_daa = EXCLUDED.utviklbar_daa, planer = EXCLUDED.planer,
                konflikter = EXCLUDED.konflikter, score = EXCLUDED.score, score_forklaring = EXCLUDED.score_forklaring, eiere = EXCLUDED.eiere,
                matrikkelnumre = EXCLUDED.matrikkelnumre, tomte_ids = EXCLUDED.tomte_ids, kart = EXCLUDED.kart, vurdert_at = EXCLUDED.vurdert_at
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", innspillId);
        command.Parameters.AddWithValue("megler", NpgsqlDbType.Text, (object?)meglerId ?? DBNull.Value);
        command.Parameters.AddWithValue("input", inputText);
        command.Parameters.AddWithValue("hash", inputHash);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, a.Kommunenummer);
        command.Parameters.AddWithValue("geom", a.Geometry);
        command.Parameters.AddWithValue("areal", Round(a.ArealDaa, 2));
        command.Parameters.AddWithValue("sonert", Round(a.SonertAndel, 4));
        command.Parameters.AddWithValue("formal", TipReport.Formal(a));
        command.Parameters.AddWithValue("regulert", Round(a.RegulertAndel, 4));
        command.Parameters.AddWithValue("utviklbar", Round(a.UtviklbarDaa, 2));
        command.Parameters.AddWithValue("planer", TipReport.Planer(a));
        command.Parameters.AddWithValue("konflikter", TipReport.Konflikter(a));
        command.Parameters.AddWithValue("score", NpgsqlDbType.Numeric, a.Score is { } s ? (decimal)s.Score : DBNull.Value);
        command.Parameters.AddWithValue("forklaring", TipReport.Forklaring(a));
        command.Parameters.AddWithValue("eiere", TipReport.Eiere(a));
        command.Parameters.AddWithValue("mnr", a.Eiendommer.Select(e => e.Matrikkelnummer).ToArray());
        command.Parameters.AddWithValue("tomter", a.Tomter.Select(t => t.TomteId).ToArray());
        command.Parameters.AddWithValue("kart", NpgsqlDbType.Bytea, (object?)a.Kart ?? DBNull.Value);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SaveRefusedAsync(string innspillId, string? meglerId, string inputText, string inputHash, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO brokers.innspill AS i (innspill_id, megler_id, input_text, input_hash, status, melding, vurdert_at)
            VALUES (@id, @megler, @input, @hash, 'feil', @melding, @now)
            ON CONFLICT (innspill_id) DO UPDATE SET
                megler_id = EXCLUDED.megler_id, input_text = EXCLUDED.input_text, input_hash = EXCLUDED.input_hash,
                status = 'feil', melding = EXCLUDED.melding, vurdert_at = EXCLUDED.vurdert_at
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", innspillId);
        command.Parameters.AddWithValue("megler", NpgsqlDbType.Text, (object?)meglerId ?? DBNull.Value);
        command.Parameters.AddWithValue("input", inputText);
        command.Parameters.AddWithValue("hash", inputHash);
        command.Parameters.AddWithValue("melding", message);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The broker link changed but not the land: only the link moves.</summary>
    public async Task SetBrokerAsync(string innspillId, string? meglerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE brokers.innspill SET megler_id = @megler WHERE innspill_id = @id AND megler_id IS DISTINCT FROM @megler");
        command.Parameters.AddWithValue("id", innspillId);
        command.Parameters.AddWithValue("megler", NpgsqlDbType.Text, (object?)meglerId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static decimal Round(double value, int decimals) => Math.Round((decimal)value, decimals);
}
