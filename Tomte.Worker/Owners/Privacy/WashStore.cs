using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>One owner's line in a Reservasjonsregisteret wash result; <paramref name="Row"/> is the file's row (header = 1).</summary>
public sealed record WashRow(int Row, string EierId, bool Reserved, DateOnly Vaskedato);

/// <summary>
/// Writes a wash result in the caller's transaction: one owners.vask row, each owner's result in owners.vask_eier, and
/// the 'reservert' suppression rows brought in line with each owner's newest result (a newer wash that finds them no
/// longer reserved removes the row). An owner id that is not stored fails the whole wash, naming its rows.
/// </summary>
public sealed class WashStore(TimeProvider time)
{
    public sealed record Result(long VaskId, int Owners, int Reserved, DateOnly Vaskedato);

    private const string StageSql = """
        CREATE TEMP TABLE wash_in (row_no integer, eier_id text, vaskedato date, reservert boolean) ON COMMIT DROP
        """;

    private const string UnknownSql = """
        SELECT i.row_no, i.eier_id FROM wash_in i
        WHERE NOT EXISTS (SELECT 1 FROM owners.grunneier g WHERE g.eier_id = i.eier_id)
        ORDER BY i.row_no
        """;

    private const string SaveSql = """
        WITH vask AS (
            INSERT INTO owners.vask (fil, vaskedato, importert, antall, reserverte)
            SELECT @fil, max(vaskedato), @now, count(*), count(*) FILTER (WHERE reservert) FROM wash_in
            RETURNING vask_id
        )
        INSERT INTO owners.vask_eier (vask_id, eier_id, vaskedato, reservert)
        SELECT vask.vask_id, i.eier_id, i.vaskedato, i.reservert FROM wash_in i, vask
        RETURNING vask_id;
        """;

    // The newest result per washed owner decides; an equal date favours the later import.
    private const string ReservedSql = """
        CREATE TEMP TABLE wash_newest ON COMMIT DROP AS
        SELECT DISTINCT ON (v.eier_id) v.eier_id, v.reservert, v.vaskedato
        FROM owners.vask_eier v
        WHERE v.eier_id IN (SELECT eier_id FROM wash_in)
        ORDER BY v.eier_id, v.vaskedato DESC, v.vask_id DESC;

        DELETE FROM outreach.suppression s USING wash_newest n
        WHERE s.eier_id = n.eier_id AND s.reason = 'reservert' AND NOT n.reservert;

        INSERT INTO outreach.suppression (eier_id, reason, source, created_at)
        SELECT n.eier_id, 'reservert', 'Reservasjonsregisteret, vask ' || to_char(n.vaskedato, 'YYYY-MM-DD'), @now
        FROM wash_newest n WHERE n.reservert
        ON CONFLICT (eier_id) WHERE reason = 'reservert' DO NOTHING;

        DROP TABLE wash_newest;
        """;

    public async Task<Result> SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string fileName, IReadOnlyList<WashRow> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            throw new SuppressionImportException($"{fileName}: ingen rader under overskriften");
        }
        await using (var stage = new NpgsqlCommand(StageSql, connection, transaction))
        {
            await stage.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var writer = await connection.BeginBinaryImportAsync("COPY wash_in (row_no, eier_id, vaskedato, reservert) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(row.Row, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(row.EierId, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.Vaskedato, NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(row.Reserved, NpgsqlDbType.Boolean, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }

        var unknown = new List<string>();
        await using (var command = new NpgsqlCommand(UnknownSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                unknown.Add(string.Create(CultureInfo.InvariantCulture, $"rad {reader.GetInt32(0)}, kolonne eier_id: ingen grunneier med Eier-ID '{reader.GetString(1)}' (slettet siden eksporten? fjern raden)"));
            }
        }
        if (unknown.Count > 0)
        {
            throw SuppressionImportException.ForRows(fileName, unknown);
        }

        long vaskId;
        await using (var save = new NpgsqlCommand(SaveSql, connection, transaction))
        {
            save.Parameters.AddWithValue("fil", fileName);
            save.Parameters.AddWithValue("now", time.GetUtcNow());
            vaskId = (long)(await save.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var reserved = new NpgsqlCommand(ReservedSql, connection, transaction))
        {
            reserved.Parameters.AddWithValue("now", time.GetUtcNow());
            await reserved.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var drop = new NpgsqlCommand("DROP TABLE wash_in", connection, transaction))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        return new Result(vaskId, rows.Count, rows.Count(r => r.Reserved), rows.Max(r => r.Vaskedato));
    }
}
