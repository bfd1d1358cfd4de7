using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Owners;

/// <summary>
/// Writes owners into the one owner model (owners.grunneier, owners.eierskap, owners.eiendom): one owner across many
/// parcels and sources merged on <see cref="OwnerRecord.MergeKey"/>, with source, legal basis and retrieval date.
/// An owner whose salted key a <c>gdpr forget</c> left behind is never stored again.
/// </summary>
public sealed class OwnerStore(IOptions<OwnersOptions> options, TimeProvider time)
{
    public sealed record Result(int Rows, int Owners, int NewOwners, int Parcels, int Suppressed, int Removed);

    private const string StageSql = """
        CREATE TEMP TABLE owner_in (
            merge_key text, matrikkelnummer text, kommunenummer char(4), gnr integer, bnr integer, fnr integer, snr integer,
            navn text, type text, organisasjonsnummer text, adresse text, postnummer text, poststed text,
            epost text, telefon text, kilde text, hentet_dato date, teller integer, nevner integer
        ) ON COMMIT DROP
        """;

    // Rows of forgotten owners go before anything is written.
    private const string SuppressSql = """
        WITH salt AS (SELECT salt FROM owners.hash_salt)
        DELETE FROM owner_in i USING salt
        WHERE EXISTS (SELECT 1 FROM outreach.suppression s
                      WHERE s.eier_hash = encode(sha256(salt.salt || convert_to(i.merge_key, 'UTF8')), 'hex'))
        """;

    private const string NewOwnersSql = """
        SELECT count(DISTINCT merge_key)::integer FROM owner_in i
        WHERE NOT EXISTS (SELECT 1 FROM owners.grunneier g WHERE g.merge_key = i.merge_key)
        """;

    private const string MergeSql = """
        INSERT INTO owners.eiendom (matrikkelnummer, kommunenummer, gnr, bnr, fnr, snr)
        SELECT DISTINCT matrikkelnummer, kommunenummer, gnr, bnr, fnr, snr FROM owner_in
        ON CONFLICT (matrikkelnummer) DO NOTHING;

        -- The newest retrieval of an owner wins; contact data a source leaves empty keeps what was known.
        INSERT INTO owners.grunneier AS g (eier_id, navn, type, organisasjonsnummer, adresse, postnummer, poststed, epost, telefon,
                                           kilde, kilde_type, rettslig_grunnlag, hentet_dato, merge_key, opprettet, oppdatert)
        SELECT DISTINCT ON (merge_key)
               'G' || lpad(nextval('owners.grunneier_nr')::text, 6, '0'), navn, type, organisasjonsnummer, adresse, postnummer, poststed,
               epost, telefon, kilde, @kilde_type, @grunnlag, hentet_dato, merge_key, @now, @now
        FROM owner_in
        ORDER BY merge_key, hentet_dato DESC
        ON CONFLICT (merge_key) DO UPDATE SET
            navn = excluded.navn, type = excluded.type,
            organisasjonsnummer = coalesce(excluded.organisasjonsnummer, g.organisasjonsnummer),
            adresse = coalesce(excluded.adresse, g.adresse), postnummer = coalesce(excluded.postnummer, g.postnummer),
            poststed = coalesce(excluded.poststed, g.poststed),
            epost = coalesce(excluded.epost, g.epost), telefon = coalesce(excluded.telefon, g.telefon),
            kilde = excluded.kilde, kilde_type = excluded.kilde_type, rettslig_grunnlag = excluded.rettslig_grunnlag,
            hentet_dato = greatest(excluded.hentet_dato, g.hentet_dato), oppdatert = excluded.oppdatert;

        INSERT INTO owners.eierskap AS e (eier_id, matrikkelnummer, andel, teller, nevner, kilde_type, hentet_dato)
        SELECT DISTINCT ON (g.eier_id, i.matrikkelnummer)
               g.eier_id, i.matrikkelnummer, CASE WHEN i.teller IS NULL THEN NULL ELSE i.teller || '/' || i.nevner END,
               i.teller, i.nevner, @kilde_type, i.hentet_dato
        FROM owner_in i JOIN owners.grunneier g ON g.merge_key = i.merge_key
        ORDER BY g.eier_id, i.matrikkelnummer, i.hentet_dato DESC
        ON CONFLICT (eier_id, matrikkelnummer) DO UPDATE SET
            andel = excluded.andel, teller = excluded.teller, nevner = excluded.nevner,
            kilde_type = excluded.kilde_type, hentet_dato = excluded.hentet_dato;
        """;

    // A register lookup is the whole truth for the parcels it covered: owners it no longer lists lose that parcel.
    private const string ReplaceSql = """
        DELETE FROM owners.eierskap e
        WHERE e.matrikkelnummer = ANY (@covered) AND e.kilde_type = @kilde_type
          AND NOT EXISTS (SELECT 1 FROM owner_in i JOIN owners.grunneier g ON g.merge_key = i.merge_key
                          WHERE g.eier_id = e.eier_id AND i.matrikkelnummer = e.matrikkelnummer)
        """;

    private const string CountSql = """
        SELECT count(DISTINCT i.merge_key)::integer, count(DISTINCT i.matrikkelnummer)::integer
        FROM owner_in i
        """;

    /// <param name="covered">For a register lookup: the matrikkelnumre it answered for, whose other owners from the same source are removed.</param>
    public async Task<Result> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<OwnerRecord> records,
        OwnerSourceKind source, IReadOnlyCollection<string>? covered, CancellationToken cancellationToken)
    {
        var legalBasis = options.Value.LegalBasis;
        if (string.IsNullOrWhiteSpace(legalBasis))
        {
            throw new InvalidOperationException($"{OwnersOptions.Section}:LegalBasis is empty; no owner is stored without a legal basis.");
        }
        var now = time.GetUtcNow();
        await using (var stage = new NpgsqlCommand(StageSql, connection, transaction))
        {
            await stage.ExecuteNonQueryAsync(cancellationToken);
        }
        await CopyAsync(connection, records, cancellationToken);
        var rowsIn = records.Count;
        int suppressed;
        await using (var suppress = new NpgsqlCommand(SuppressSql, connection, transaction))
        {
            suppressed = await suppress.ExecuteNonQueryAsync(cancellationToken);
        }
        int newOwners;
        await using (var fresh = new NpgsqlCommand(NewOwnersSql, connection, transaction))
        {
            newOwners = (int)(await fresh.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var merge = new NpgsqlCommand(MergeSql, connection, transaction))
        {
            merge.Parameters.AddWithValue("kilde_type", source.Text());
            merge.Parameters.AddWithValue("grunnlag", legalBasis);
            merge.Parameters.AddWithValue("now", now);
            await merge.ExecuteNonQueryAsync(cancellationToken);
        }

        var removed = 0;
        if (covered is not null)
        {
            await using var replace = new NpgsqlCommand(ReplaceSql, connection, transaction);
            replace.Parameters.AddWithValue("covered", covered.ToArray());
            replace.Parameters.AddWithValue("kilde_type", source.Text());
            removed = await replace.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var count = new NpgsqlCommand(CountSql, connection, transaction);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var result = new Result(rowsIn, reader.GetInt32(0), newOwners, reader.GetInt32(1), suppressed, removed);
        await reader.CloseAsync();
        await using var drop = new NpgsqlCommand("DROP TABLE owner_in", connection, transaction);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<OwnerRecord> records, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY owner_in (merge_key, matrikkelnummer, kommunenummer, gnr, bnr, fnr, snr, navn, type, organisasjonsnummer, adresse, postnummer, poststed, " +
            "epost, telefon, kilde, hentet_dato, teller, nevner) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in records)
        {
            var m = r.Matrikkelnummer;
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(r.MergeKey, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(m.ToString(), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(m.Kommunenummer, NpgsqlDbType.Char, cancellationToken);
            await writer.WriteAsync(m.Gnr, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(m.Bnr, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(m.Fnr, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(m.Snr, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(r.Navn, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(r.Type.Text(), NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, r.Organisasjonsnummer, cancellationToken);
            await WriteNullableAsync(writer, r.Adresse, cancellationToken);
            await WriteNullableAsync(writer, r.Postnummer, cancellationToken);
            await WriteNullableAsync(writer, r.Poststed, cancellationToken);
            await WriteNullableAsync(writer, r.Epost, cancellationToken);
            await WriteNullableAsync(writer, r.Telefon, cancellationToken);
            await writer.WriteAsync(r.Kilde, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(r.HentetDato, NpgsqlDbType.Date, cancellationToken);
            if (r.Andel is { } share)
            {
                await writer.WriteAsync(share.Teller, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(share.Nevner, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
                await writer.WriteNullAsync(cancellationToken);
            }
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }
}
