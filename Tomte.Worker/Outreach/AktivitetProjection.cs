using Npgsql;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Letters;

namespace Tomte.Worker.Outreach;

/// <summary>
/// Every (owner, step) of outreach.outbox as an Aktiviteter record linked to its Grunneier: planned, sent, skipped
/// with the reason, failed. The letter's PDF goes up as the Dokument attachment, the phone script into Manus, and
/// Ansvarlig is copied from the owner so the team's "my tasks today" view can filter on it. Read by the outbound sync.
/// </summary>
public static class AktivitetProjection
{
    public static async Task<IReadOnlyList<OutboundRecord>> ProjectAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT o.eier_id, o.step, o.channel, o.status, (coalesce(o.sent_at, o.due_at) AT TIME ZONE 'Europe/Oslo')::date,
                   o.message_id, o.reason, o.script, o.document_pdf,
                   (SELECT c.value #>> '{}' FROM airtable.team_field_current c
                    WHERE c.table_name = 'Grunneiere' AND c.record_key = o.eier_id AND c.field_name = 'Ansvarlig')
            FROM outreach.outbox o
            ORDER BY o.eier_id, o.due_at, o.outbox_id
            """;
        var spec = TomteSchema.Table(TomteSchema.Aktiviteter);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var eierId = reader.GetString(0);
            var step = OutreachVocabulary.StepFromDatabase(reader.GetString(1));
            var status = OutreachVocabulary.StatusFromDatabase(reader.GetString(3));
            var key = OutreachStateReader.AktivitetId(eierId, step);
            var record = OutboundRecord.For(spec, key)
                .Set("Grunneier", new LinkKeys([eierId]))
                .Set("Steg", step.DisplayName())
                .Set("Kanal", reader.GetString(2))
                .Set("Dato", reader.GetFieldValue<DateOnly>(4))
                .Set("Status", status.AktivitetStatus())
                .Set("Melding-ID", Text(5))
                .Set("Årsak", Text(6))
                .Set("Manus", Text(7))
                .Set("Ansvarlig", Text(9));
            records.Add(reader.IsDBNull(8) ? record.Build() : record.Build(reader.GetFieldValue<byte[]>(8), $"{key}.pdf"));
        }
        return records;
    }
}
