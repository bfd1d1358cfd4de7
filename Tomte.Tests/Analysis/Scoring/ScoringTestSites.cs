using Npgsql;
using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Analysis.Scoring;

/// <summary>Synthetic sites and score inputs written straight into the tables scoring reads (the contract of migration 0040).</summary>
internal static class ScoringTestSites
{
    /// <summary>A square site of <paramref name="side"/> metres at (x, y) in kommune 3218 (Ås), EPSG:25833.</summary>
    public static async Task InsertSiteAsync(PostgisDatabase database, string tomteId, double x, double y, double side,
        double? stoppM = 600, double? veiM = 150, string konflikter = "{}", string endring = "ny")
    {
        const string sql = """
            INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås') ON CONFLICT DO NOTHING;
            INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, endring, konflikter, naermeste_stopp_m, naermeste_vei_m,
                                       first_seen, last_seen)
            VALUES (@id, '3218', ST_Multi(ST_MakeEnvelope(@x, @y, @x + @side, @y + @side, 25833)), round((@side * @side / 1000)::numeric, 2),
                    floor(@side * @side / 400)::int, @endring, @konflikter::jsonb, @stopp, @vei, timestamptz '2026-11-01 08:00+00', timestamptz '2026-11-20 08:00+00')
            """;
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", tomteId);
        command.Parameters.AddWithValue("x", x);
        command.Parameters.AddWithValue("y", y);
        command.Parameters.AddWithValue("side", side);
        command.Parameters.AddWithValue("endring", endring);
        command.Parameters.AddWithValue("konflikter", konflikter);
        command.Parameters.AddWithValue("stopp", (object?)stoppM ?? DBNull.Value);
        command.Parameters.AddWithValue("vei", (object?)veiM ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ExecuteAsync(PostgisDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<(decimal Score, string Sentence, string Hash, DateTime ScoredAt)> ScoreOfAsync(PostgisDatabase database, string tomteId)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT score, score_forklaring, score_input_hash, scored_at FROM analysis.tomt WHERE tomte_id = @id");
        command.Parameters.Add(new NpgsqlParameter("id", tomteId));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no site {tomteId}");
        return (reader.GetDecimal(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3));
    }
}
