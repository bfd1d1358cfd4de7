using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>A kommune's current sites ranked by score, best first, with their sentences (demo, reports).</summary>
public sealed class ScoreRanking(NpgsqlDataSource dataSource)
{
    public sealed record Ranked(int Rank, string TomteId, decimal Score, string Sentence, decimal ArealDaa, int? EstBoliger, string Endring, bool HasMap);

    public async Task<IReadOnlyList<Ranked>> TopAsync(string kommune, int count, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.tomte_id, t.score, t.score_forklaring, t.areal_daa, t.est_boliger, t.endring, m.tomte_id IS NOT NULL
            FROM analysis.tomt t
            LEFT JOIN analysis.tomt_kart m ON m.tomte_id = t.tomte_id
            WHERE t.kommunenummer = @k AND t.endring IN ('ny', 'endret', 'uendret') AND t.score IS NOT NULL
            ORDER BY t.score DESC, t.areal_daa DESC, t.tomte_id
            LIMIT @n
            """;
        var ranked = new List<Ranked>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ranked.Add(new Ranked(ranked.Count + 1, reader.GetString(0), reader.GetDecimal(1), reader.GetString(2), reader.GetDecimal(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.GetString(5), reader.GetBoolean(6)));
        }
        return ranked;
    }
}
