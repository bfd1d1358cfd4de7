using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Analysis;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>
/// Turns what PostGIS knows into the records Airtable should show: Tomter, Eiendommer, Grunneiere and
/// Kommuner, built only from worker-owned fields (see <see cref="OutboundRecord.Builder"/>).
/// </summary>
public sealed class AirtableProjection(NpgsqlDataSource dataSource, IOptions<AirtableSyncOptions> options)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>The tables the sync writes, in the order that makes link targets exist before links.</summary>
    public static readonly IReadOnlyList<string> SyncedTables =
        [TomteSchema.Kommuner, TomteSchema.Tomter, TomteSchema.Grunneiere, TomteSchema.Eiendommer];

    public Task<IReadOnlyList<OutboundRecord>> ProjectAsync(string table, CancellationToken cancellationToken) => table switch
    {
        TomteSchema.Tomter => TomterAsync(cancellationToken),
        TomteSchema.Eiendommer => EiendommerAsync(cancellationToken),
        TomteSchema.Grunneiere => GrunneiereAsync(cancellationToken),
        TomteSchema.Kommuner => KommunerAsync(cancellationToken),
        _ => throw new ArgumentException($"The sync does not write Airtable table '{table}'.", nameof(table)),
    };

    private async Task<IReadOnlyList<OutboundRecord>> TomterAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.tomte_id, t.kommunenummer, k.navn, t.areal_daa, t.est_boliger, t.score, t.planstatus, t.endring,
                   (t.last_seen AT TIME ZONE 'Europe/Oslo')::date AS sist_sett,
                   ST_X(p.point), ST_Y(p.point),
                   coalesce(array_agg(c.explanation ORDER BY c.points DESC, c.component) FILTER (WHERE c.component IS NOT NULL), '{}'),
                   coalesce(array_agg(c.points ORDER BY c.points DESC, c.component) FILTER (WHERE c.component IS NOT NULL), '{}'),
                   m.png, t.konflikter::text, t.hensynssoner::text
            FROM analysis.tomt t
            LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer
            CROSS JOIN LATERAL (SELECT ST_PointOnSurface(t.geom) AS point) p
            LEFT JOIN analysis.score_component c ON c.tomte_id = t.tomte_id
            LEFT JOIN analysis.tomt_kart m ON m.tomte_id = t.tomte_id
            GROUP BY t.tomte_id, k.navn, p.point, m.png
            ORDER BY t.tomte_id
            """;
        var spec = TomteSchema.Table(TomteSchema.Tomter);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kommunenummer = reader.GetString(1);
            var explanations = reader.GetFieldValue<string[]>(11);
            var points = reader.GetFieldValue<decimal[]>(12);
            var builder = OutboundRecord.For(spec, reader.GetString(0))
                .Set("Kommune", reader.IsDBNull(2) ? kommunenummer : $"{kommunenummer} {reader.GetString(2)}")
                .Set("Areal (daa)", reader.GetDecimal(3))
                .Set("Est. boliger", reader.IsDBNull(4) ? null : (long)reader.GetInt32(4))
                .Set("Score", reader.IsDBNull(5) ? null : reader.GetDecimal(5))
                .Set("Scoreforklaring", ScoreExplanation(explanations, points))
                .Set("Konflikter", Conflicts(SiteConflicts.Lines(reader.GetString(14), reader.GetString(15)), explanations, points))
                .Set("Kartlenke", MapLink(reader.GetDouble(9), reader.GetDouble(10)))
                .Set("Planstatus", reader.IsDBNull(6) ? null : reader.GetString(6))
                .Set("Endring", reader.IsDBNull(7) ? null : reader.GetString(7))
                .Set("Sist sett", reader.GetFieldValue<DateOnly>(8));
            records.Add(builder.Build(reader.IsDBNull(13) ? null : reader.GetFieldValue<byte[]>(13)));
        }
        return records;
    }

    private async Task<IReadOnlyList<OutboundRecord>> EiendommerAsync(CancellationToken cancellationToken)
    {
        // A parcel can touch several sites; "Andel av tomt" shows the largest share it has of any of them.
        const string sql = """
            SELECT e.matrikkelnummer,
                   coalesce((SELECT array_agg(te.tomte_id ORDER BY te.tomte_id) FROM owners.tomt_eiendom te WHERE te.matrikkelnummer = e.matrikkelnummer), '{}'),
                   (SELECT max(te.andel_av_tomt) FROM owners.tomt_eiendom te WHERE te.matrikkelnummer = e.matrikkelnummer),
                   coalesce((SELECT array_agg(es.eier_id ORDER BY es.eier_id) FROM owners.eierskap es WHERE es.matrikkelnummer = e.matrikkelnummer), '{}')
            FROM owners.eiendom e
            ORDER BY e.matrikkelnummer
            """;
        var spec = TomteSchema.Table(TomteSchema.Eiendommer);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(OutboundRecord.For(spec, reader.GetString(0))
                .Set("Tomter", new LinkKeys(reader.GetFieldValue<string[]>(1)))
                .Set("Andel av tomt", reader.IsDBNull(2) ? null : reader.GetDecimal(2))
                .Set("Eiere", new LinkKeys(reader.GetFieldValue<string[]>(3)))
                .Build());
        }
        return records;
    }

    private async Task<IReadOnlyList<OutboundRecord>> GrunneiereAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT eier_id, navn, type, adresse, postnummer, poststed, kilde, hentet_dato
            FROM owners.grunneier
            ORDER BY eier_id
            """;
        var spec = TomteSchema.Table(TomteSchema.Grunneiere);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var street = reader.IsDBNull(3) ? null : reader.GetString(3);
            var postalCode = reader.IsDBNull(4) ? null : reader.GetString(4);
            var town = reader.IsDBNull(5) ? null : reader.GetString(5);
            var postal = string.Join(' ', new[] { postalCode, town }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var address = string.Join('\n', new[] { street, postal }.Where(s => !string.IsNullOrWhiteSpace(s)));
            records.Add(OutboundRecord.For(spec, reader.GetString(0))
                .Set("Navn", reader.GetString(1))
                .Set("Type", reader.GetString(2))
                .Set("Adresse", address.Length == 0 ? null : address)
                .Set("Kilde", reader.GetString(6))
                .Set("Hentet dato", reader.GetFieldValue<DateOnly>(7))
                .Build());
        }
        return records;
    }

    private async Task<IReadOnlyList<OutboundRecord>> KommunerAsync(CancellationToken cancellationToken)
    {
        const string sql = "SELECT kommunenummer, navn FROM ref.kommune ORDER BY kommunenummer";
        var spec = TomteSchema.Table(TomteSchema.Kommuner);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(OutboundRecord.For(spec, reader.GetString(0)).Set("Navn", reader.GetString(1)).Build());
        }
        return records;
    }

    private string MapLink(double easting, double northing) =>
        string.Format(CultureInfo.InvariantCulture, options.Value.MapLinkTemplate, easting, northing);

    private static string? ScoreExplanation(string[] explanations, decimal[] points)
    {
        if (explanations.Length == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        for (var i = 0; i < explanations.Length; i++)
        {
            text.Append(points[i].ToString("+0.#;−0.#;0", Norwegian)).Append(" p: ").Append(explanations[i]).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    // The analysis's overlap shares (constraints, hensynssoner), then score components that take points away
    // (ongoing planning, distance, ...) that say something the shares do not.
    private static string? Conflicts(IReadOnlyList<string> overlaps, string[] explanations, decimal[] points)
    {
        var conflicts = overlaps.Concat(explanations.Where((_, i) => points[i] < 0)).Distinct(StringComparer.Ordinal).ToArray();
        return conflicts.Length == 0 ? null : string.Join('\n', conflicts);
    }
}
