using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Brokers;

/// <summary>One broker's record: tips brought, how many were assessed as qualified, and how many led to dialogue or LOI.</summary>
/// <param name="Navn">As the team typed it in Meglere (null until read back).</param>
public sealed record BrokerSummary(string MeglerId, string? Navn, string? Firma, int Innspill, int Vurdert, int Kvalifiserte, int DialogEllerLoi, DateTimeOffset? SistVurdert);

/// <summary>
/// The third track's follow-up per broker. Qualified: an assessed tip scoring above <see cref="BrokersOptions.KvalifisertScore"/>.
/// Dialogue or LOI, from the team's own statuses: a Tomter site the tip overlaps in "i dialog" or "sikret", or an owner of
/// one of the tip's matrikkelenheter in "dialog", "møte" or "LOI" (Grunneiere). Also what <c>tomte status</c> shows.
/// </summary>
public sealed class BrokerFollowUp(NpgsqlDataSource dataSource, IOptions<BrokersOptions> options)
{
    public static readonly IReadOnlyList<string> TomtDialog = ["i dialog", "sikret"];

    public static readonly IReadOnlyList<string> GrunneierDialog = ["dialog", "møte", "LOI"];

    /// <summary>Every broker Tomte knows (from Meglere) and every broker id a tip names, ordered by Megler-ID.</summary>
    public async Task<IReadOnlyList<BrokerSummary>> SummaryAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            WITH brokers AS (
                SELECT record_key AS megler_id FROM airtable.record_map WHERE table_name = 'Meglere' AND discarded_at IS NULL
                UNION
                SELECT megler_id FROM brokers.innspill WHERE megler_id IS NOT NULL
            ), tips AS (
                SELECT i.innspill_id, i.megler_id, i.status, i.score, i.vurdert_at,
                       EXISTS (SELECT 1 FROM airtable.team_field_current c
                               WHERE c.table_name = 'Tomter' AND c.field_name = 'Status' AND c.record_key = ANY(i.tomte_ids)
                                 AND c.value #>> '{}' = ANY(@tomt_dialog))
                       OR EXISTS (SELECT 1 FROM owners.eierskap es
                                  JOIN airtable.team_field_current c ON c.table_name = 'Grunneiere' AND c.field_name = 'Status' AND c.record_key = es.eier_id
                                  WHERE es.matrikkelnummer = ANY(i.matrikkelnumre) AND c.value #>> '{}' = ANY(@owner_dialog)) AS dialog
                FROM brokers.innspill i
                WHERE i.megler_id IS NOT NULL
            )
            SELECT b.megler_id, n.value #>> '{}', f.value #>> '{}',
                   count(t.innspill_id)::int,
                   count(t.innspill_id) FILTER (WHERE t.status = 'vurdert')::int,
                   count(t.innspill_id) FILTER (WHERE t.status = 'vurdert' AND t.score > @qualified)::int,
                   count(t.innspill_id) FILTER (WHERE t.dialog)::int,
                   max(t.vurdert_at)
            FROM brokers b
            LEFT JOIN tips t ON t.megler_id = b.megler_id
            LEFT JOIN airtable.team_field_current n ON n.table_name = 'Meglere' AND n.record_key = b.megler_id AND n.field_name = 'Navn'
            LEFT JOIN airtable.team_field_current f ON f.table_name = 'Meglere' AND f.record_key = b.megler_id AND f.field_name = 'Firma'
            GROUP BY b.megler_id, n.value, f.value
            ORDER BY b.megler_id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("tomt_dialog", TomtDialog.ToArray());
        command.Parameters.AddWithValue("owner_dialog", GrunneierDialog.ToArray());
        command.Parameters.AddWithValue("qualified", (decimal)options.Value.KvalifisertScore);
        var rows = new List<BrokerSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new BrokerSummary(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return rows;
    }

    /// <summary>The summary as the lines <c>tomte brokers</c> prints (and <c>tomte status</c> can show).</summary>
    public static string Format(IReadOnlyList<BrokerSummary> brokers)
    {
        if (brokers.Count == 0)
        {
            return "Ingen meglere ennå: legg dem inn i Airtable-tabellen Meglere og lenk innspillene til dem.\n";
        }
        var text = new System.Text.StringBuilder();
        text.AppendLine($"  {"Megler",-8} {"Navn",-28} {"Innspill",8} {"Vurdert",8} {"Kvalifisert",11} {"Dialog/LOI",10}");
        foreach (var b in brokers)
        {
            var name = string.Join(", ", new[] { b.Navn, b.Firma }.Where(s => !string.IsNullOrWhiteSpace(s)));
            text.AppendLine($"  {b.MeglerId,-8} {Truncate(name.Length == 0 ? "(uten navn)" : name, 28),-28} {b.Innspill,8} {b.Vurdert,8} {b.Kvalifiserte,11} {b.DialogEllerLoi,10}");
        }
        text.AppendLine($"  {"Sum",-8} {"",-28} {brokers.Sum(b => b.Innspill),8} {brokers.Sum(b => b.Vurdert),8} {brokers.Sum(b => b.Kvalifiserte),11} {brokers.Sum(b => b.DialogEllerLoi),10}");
        return text.ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
