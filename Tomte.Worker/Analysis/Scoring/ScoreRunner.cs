using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>
/// Scores the current sites (endring ny, endret or uendret; gone sites keep their last score). Every site's inputs
/// are read in one query and hashed with the scoring settings; only sites whose hash changed are written, in one
/// transaction, so a re-run with nothing changed writes nothing and a change of weights rescores every site.
/// </summary>
public sealed class ScoreRunner(NpgsqlDataSource dataSource, IOptions<ScoringOptions> options, TimeProvider time, ILogger<ScoreRunner> logger)
{
    /// <summary>Bumped when the model's code changes how inputs become points or words, so every site is rescored.</summary>
    private const string ModelVersion = "1";

    public sealed record Outcome(int Scored, int Unchanged, TimeSpan Duration);

    /// <param name="kommuner">Kommuner to score; empty = all.</param>
    public async Task<Outcome> RunAsync(IReadOnlyList<string> kommuner, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var settings = options.Value;
        var fingerprint = $"{ModelVersion}/{settings.Fingerprint()}";
        var changed = new List<(SiteInputs Site, string Hash)>();
        var unchanged = 0;
        foreach (var (site, previousHash) in await InputsAsync(kommuner, cancellationToken))
        {
            var hash = InputHash(site, fingerprint);
            if (hash == previousHash)
            {
                unchanged++;
                continue;
            }
            changed.Add((site, hash));
        }
        if (changed.Count > 0)
        {
            await WriteAsync(changed.Select(c => (c.Site, c.Hash, SiteScorer.Score(c.Site, settings))).ToList(), cancellationToken);
        }
        logger.Scored(changed.Count, unchanged, stopwatch.ElapsedMilliseconds);
        return new Outcome(changed.Count, unchanged, stopwatch.Elapsed);
    }

    private async Task<List<(SiteInputs Site, string? PreviousHash)>> InputsAsync(IReadOnlyList<string> kommuner, CancellationToken cancellationToken)
    {
        // Kommunal vilje outside 1-5 is a typing slip in Airtable and counts as not set.
        const string sql = """
            SELECT t.tomte_id, t.kommunenummer, t.areal_daa::float8, t.est_boliger, t.naermeste_stopp_m::float8,
                   s.sentralitet, t.naermeste_vei_m::float8, t.konflikter::text, t.hensynssoner::text,
                   v.vilje::float8, coalesce(o.eiere, 0), t.score_input_hash
            FROM analysis.tomt t
            LEFT JOIN ssb.kommune_indikator s ON s.kommunenummer = t.kommunenummer
            LEFT JOIN airtable.kommunal_vilje v ON v.kommunenummer = t.kommunenummer AND v.vilje BETWEEN 1 AND 5
            LEFT JOIN (
                SELECT te.tomte_id, count(DISTINCT es.eier_id)::int AS eiere
                FROM owners.tomt_eiendom te
                JOIN owners.eierskap es ON es.matrikkelnummer = te.matrikkelnummer
                GROUP BY te.tomte_id
            ) o ON o.tomte_id = t.tomte_id
            WHERE t.endring IN ('ny', 'endret', 'uendret')
              AND (cardinality(@kommuner) = 0 OR t.kommunenummer = ANY(@kommuner))
            ORDER BY t.tomte_id
            """;
        var result = new List<(SiteInputs, string?)>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("kommuner", NpgsqlDbType.Array | NpgsqlDbType.Char, kommuner.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var site = new SiteInputs(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.IsDBNull(5) ? null : reader.GetInt16(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                Shares(reader.GetString(7)),
                Shares(reader.GetString(8)),
                reader.IsDBNull(9) ? null : reader.GetDouble(9),
                reader.GetInt32(10));
            result.Add((site, reader.IsDBNull(11) ? null : reader.GetString(11)));
        }
        return result;
    }

    private static SortedDictionary<string, double> Shares(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [], StringComparer.Ordinal);

    private static string InputHash(SiteInputs site, string fingerprint)
    {
        static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
        var text = new StringBuilder(fingerprint).Append('|')
            .Append(site.TomteId).Append('|').Append(N(site.ArealDaa)).Append('|').Append(N(site.EstBoliger)).Append('|')
            .Append(N(site.NaermesteStoppM)).Append('|').Append(N(site.Sentralitetsklasse)).Append('|').Append(N(site.NaermesteVeiM)).Append('|')
            .Append(N(site.KommunalVilje)).Append('|').Append(site.Eiere.ToString(CultureInfo.InvariantCulture));
        foreach (var (kind, share) in site.Konflikter.Select(k => (k.Key, k.Value)).Concat(site.Hensynssoner.Select(h => ($"hs:{h.Key}", h.Value))))
        {
            text.Append('|').Append(kind).Append('=').Append(N(share));
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task WriteAsync(List<(SiteInputs Site, string Hash, SiteScore Score)> scored, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = scored.Select(s => s.Site.TomteId).ToArray();

        await using (var delete = new NpgsqlCommand("DELETE FROM analysis.score_component WHERE tomte_id = ANY(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", ids);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY analysis.score_component (tomte_id, component, raw_value, weight, points, explanation) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var (site, _, score) in scored)
            {
                foreach (var component in score.Components)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(site.TomteId, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(component.Component.DatabaseName(), NpgsqlDbType.Text, cancellationToken);
                    if (component.Raw is { } raw)
                    {
                        await copy.WriteAsync((decimal)Math.Round(raw, 4), NpgsqlDbType.Numeric, cancellationToken);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                    await copy.WriteAsync((decimal)component.Weight, NpgsqlDbType.Numeric, cancellationToken);
                    await copy.WriteAsync((decimal)Math.Round(component.Points, 2), NpgsqlDbType.Numeric, cancellationToken);
                    await copy.WriteAsync(component.Explanation, NpgsqlDbType.Text, cancellationToken);
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }

        const string update = """
            UPDATE analysis.tomt t
            SET score = u.score, score_forklaring = u.forklaring, score_input_hash = u.hash, helt_i_verneomrade = u.verne, scored_at = @now
            FROM unnest(@ids, @scores, @sentences, @hashes, @verne) AS u(tomte_id, score, forklaring, hash, verne)
            WHERE t.tomte_id = u.tomte_id
            """;
        await using (var command = new NpgsqlCommand(update, connection, transaction))
        {
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("scores", scored.Select(s => (decimal)s.Score.Score).ToArray());
            command.Parameters.AddWithValue("sentences", scored.Select(s => s.Score.Sentence).ToArray());
            command.Parameters.AddWithValue("hashes", scored.Select(s => s.Hash).ToArray());
            command.Parameters.AddWithValue("verne", scored.Select(s => s.Score.HeltIVerneomrade).ToArray());
            command.Parameters.AddWithValue("now", time.GetUtcNow());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
