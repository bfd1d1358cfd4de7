using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tomte.Worker.Owners.Privacy;

/// <summary>
/// <c>tomte gdpr export|forget --owner ID</c>. Export: everything Tomte holds about one owner, as JSON. Forget: through
/// <see cref="OwnerEraser"/>, the owner's Airtable record deleted first, then in one transaction every row about them
/// deleted and only a salted hash of their merge key kept in outreach.suppression, so the same owner is never stored or
/// contacted again (<see cref="OwnerStore"/> checks it on every write).
/// </summary>
public sealed class GdprService(NpgsqlDataSource dataSource, OwnerEraser eraser, ILogger<GdprService> logger)
{
    private const string ExportSql = """
        SELECT jsonb_build_object(
            'grunneier', to_jsonb(g) - 'merge_key',
            'eierskap', coalesce((SELECT jsonb_agg(jsonb_build_object('matrikkelnummer', e.matrikkelnummer, 'andel', e.andel, 'kilde_type', e.kilde_type,
                                                                      'hentet_dato', e.hentet_dato,
                                                                      'tomter', (SELECT coalesce(jsonb_agg(te.tomte_id ORDER BY te.tomte_id), '[]') FROM owners.tomt_eiendom te WHERE te.matrikkelnummer = e.matrikkelnummer))
                                            ORDER BY e.matrikkelnummer)
                                  FROM owners.eierskap e WHERE e.eier_id = g.eier_id), '[]'),
            'enhetsregisteret', (SELECT to_jsonb(n) FROM owners.enhet n WHERE n.organisasjonsnummer = g.organisasjonsnummer),
            'utsending', coalesce((SELECT jsonb_agg(to_jsonb(o) - 'document' ORDER BY o.outbox_id) FROM outreach.outbox o WHERE o.eier_id = g.eier_id), '[]'),
            'utsendingsforlop', (SELECT to_jsonb(q) FROM outreach.sequence q WHERE q.eier_id = g.eier_id),
            'innkommende_epost', coalesce((SELECT jsonb_agg(jsonb_build_object('type', i.kind, 'status_skrevet', i.status_written, 'mottatt', i.received_at) ORDER BY i.inbound_id)
                                           FROM outreach.inbound_message i WHERE i.eier_id = g.eier_id), '[]'),
            'avviste_epostadresser', coalesce((SELECT jsonb_agg(jsonb_build_object('epost', b.epost, 'grunn', b.reason, 'registrert', b.recorded_at) ORDER BY b.recorded_at)
                                               FROM outreach.bad_address b WHERE b.eier_id = g.eier_id), '[]'),
            'reservasjoner', coalesce((SELECT jsonb_agg(to_jsonb(s) - 'eier_hash' ORDER BY s.suppression_id) FROM outreach.suppression s WHERE s.eier_id = g.eier_id), '[]'),
            'vask_mot_reservasjonsregisteret', coalesce((SELECT jsonb_agg(jsonb_build_object('vaskedato', v.vaskedato, 'reservert', v.reservert, 'fil', w.fil, 'importert', w.importert)
                                                                 ORDER BY v.vaskedato, v.vask_id)
                                                       FROM owners.vask_eier v JOIN owners.vask w USING (vask_id) WHERE v.eier_id = g.eier_id), '[]'),
            'airtable', jsonb_build_object(
                'post_id', (SELECT m.record_id FROM airtable.record_map m WHERE m.table_name = 'Grunneiere' AND m.record_key = g.eier_id),
                'teamets_felt', coalesce((SELECT jsonb_agg(jsonb_build_object('felt', h.field_name, 'verdi', h.value, 'fra', h.valid_from) ORDER BY h.history_id)
                                          FROM airtable.team_field_history h WHERE h.table_name = 'Grunneiere' AND h.record_key = g.eier_id), '[]')))::text
        FROM owners.grunneier g
        WHERE g.eier_id = @id
        """;

    public async Task<string> ExportAsync(string eierId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ExportSql);
        command.Parameters.AddWithValue("id", eierId);
        var json = await command.ExecuteScalarAsync(cancellationToken) as string ?? throw new UnknownOwnerException(eierId);
        logger.OwnerExported(eierId);
        return JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public sealed record ForgetResult(string EierId, bool AirtableRecordDeleted, int Ownerships);

    public async Task<ForgetResult> ForgetAsync(string eierId, CancellationToken cancellationToken)
    {
        var erased = await eraser.EraseAsync([eierId], EraseReason.Forget, cancellationToken);
        if (erased.Count == 0)
        {
            throw new UnknownOwnerException(eierId);
        }
        var owner = erased[0];
        logger.OwnerForgotten(eierId, owner.Ownerships, owner.AirtableRecordDeleted);
        return new ForgetResult(eierId, owner.AirtableRecordDeleted, owner.Ownerships);
    }
}

public sealed class UnknownOwnerException : Exception
{
    public UnknownOwnerException(string eierIdOrMessage)
        : base(eierIdOrMessage.Contains(' ', StringComparison.Ordinal) ? eierIdOrMessage : $"ingen grunneier med Eier-ID '{eierIdOrMessage}'")
    {
    }

    public UnknownOwnerException()
    {
    }

    public UnknownOwnerException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
