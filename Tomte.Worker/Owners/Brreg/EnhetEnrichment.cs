using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Owners.Brreg;

/// <summary>
/// <c>tomte owners enrich</c>: every organisation owner with an organisasjonsnummer looked up in Enhetsregisteret, unless
/// its cached answer is younger than <see cref="BrregOptions.CacheDays"/>. The answer is cached with its retrieval time;
/// an owner's missing address is filled from it; bankrupt, dissolving, deleted and unknown units are flagged
/// (owners.grunneier_flagg) so outreach never writes to them.
/// </summary>
public sealed class EnhetEnrichment(NpgsqlDataSource dataSource, BrregClient client, IOptions<OwnersOptions> options, TimeProvider time, ILogger<EnhetEnrichment> logger)
{
    public sealed record Result(int Organisations, int Fetched, int Cached, int Konkurs, int UnderAvvikling, int Slettet, int Ukjent);

    private const string DueSql = """
        SELECT DISTINCT g.organisasjonsnummer
        FROM owners.grunneier g
        LEFT JOIN owners.enhet e ON e.organisasjonsnummer = g.organisasjonsnummer
        WHERE g.type = 'organisasjon' AND g.organisasjonsnummer ~ '^[0-9]{9}$' AND (e.hentet IS NULL OR e.hentet < @stale)
        ORDER BY 1
        """;

    private const string UpsertSql = """
        INSERT INTO owners.enhet (organisasjonsnummer, finnes, navn, organisasjonsform, organisasjonsform_navn, postadresse, postnummer, poststed,
                                  forretningsadresse, konkurs, under_avvikling, under_tvangsavvikling, slettedato, hentet)
        VALUES (@orgnr, @finnes, @navn, @form, @form_navn, @postadresse, @postnummer, @poststed, @forretning, @konkurs, @avvikling, @tvang, @slettet, @hentet)
        ON CONFLICT (organisasjonsnummer) DO UPDATE SET
            finnes = excluded.finnes, navn = excluded.navn, organisasjonsform = excluded.organisasjonsform, organisasjonsform_navn = excluded.organisasjonsform_navn,
            postadresse = excluded.postadresse, postnummer = excluded.postnummer, poststed = excluded.poststed, forretningsadresse = excluded.forretningsadresse,
            konkurs = excluded.konkurs, under_avvikling = excluded.under_avvikling, under_tvangsavvikling = excluded.under_tvangsavvikling,
            slettedato = excluded.slettedato, hentet = excluded.hentet;

        UPDATE owners.grunneier SET adresse = @postadresse, postnummer = @postnummer, poststed = @poststed, oppdatert = @hentet
        WHERE organisasjonsnummer = @orgnr AND adresse IS NULL AND @postadresse::text IS NOT NULL;
        """;

    private const string CountSql = """
        SELECT count(*)::integer, count(*) FILTER (WHERE konkurs)::integer, count(*) FILTER (WHERE under_avvikling)::integer,
               count(*) FILTER (WHERE slettet)::integer, count(*) FILTER (WHERE ukjent)::integer
        FROM (SELECT DISTINCT organisasjonsnummer, konkurs, under_avvikling, slettet, ukjent FROM owners.grunneier_flagg WHERE organisasjonsnummer IS NOT NULL) f
        """;

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<string>();
        await using (var command = dataSource.CreateCommand(DueSql))
        {
            command.Parameters.AddWithValue("stale", now.AddDays(-options.Value.Brreg.CacheDays));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetString(0));
            }
        }
        foreach (var orgnr in due)
        {
            var enhet = await client.GetAsync(orgnr, cancellationToken);
            await using var upsert = dataSource.CreateCommand(UpsertSql);
            upsert.Parameters.AddWithValue("orgnr", orgnr);
            upsert.Parameters.AddWithValue("finnes", enhet.Finnes);
            upsert.Parameters.AddWithValue("navn", (object?)enhet.Navn ?? DBNull.Value);
            upsert.Parameters.AddWithValue("form", (object?)enhet.Organisasjonsform ?? DBNull.Value);
            upsert.Parameters.AddWithValue("form_navn", (object?)enhet.OrganisasjonsformNavn ?? DBNull.Value);
            upsert.Parameters.AddWithValue("postadresse", NpgsqlTypes.NpgsqlDbType.Text, (object?)enhet.Postadresse ?? DBNull.Value);
            upsert.Parameters.AddWithValue("postnummer", (object?)enhet.Postnummer ?? DBNull.Value);
            upsert.Parameters.AddWithValue("poststed", (object?)enhet.Poststed ?? DBNull.Value);
            upsert.Parameters.AddWithValue("forretning", (object?)enhet.Forretningsadresse ?? DBNull.Value);
            upsert.Parameters.AddWithValue("konkurs", enhet.Konkurs);
            upsert.Parameters.AddWithValue("avvikling", enhet.UnderAvvikling);
            upsert.Parameters.AddWithValue("tvang", enhet.UnderTvangsavvikling);
            upsert.Parameters.AddWithValue("slettet", (object?)enhet.Slettedato ?? DBNull.Value);
            upsert.Parameters.AddWithValue("hentet", now);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var count = dataSource.CreateCommand(CountSql);
        await using var counts = await count.ExecuteReaderAsync(cancellationToken);
        await counts.ReadAsync(cancellationToken);
        var result = new Result(counts.GetInt32(0), due.Count, counts.GetInt32(0) - due.Count, counts.GetInt32(1), counts.GetInt32(2), counts.GetInt32(3), counts.GetInt32(4));
        logger.OrganisationsEnriched(result.Organisations, result.Fetched, result.Konkurs, result.UnderAvvikling, result.Slettet, result.Ukjent);
        return result;
    }
}
