using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Scoring;

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
        [TomteSchema.Kommuner, TomteSchema.Tomter, TomteSchema.Grunneiere, TomteSchema.Eiendommer, TomteSchema.Aktiviteter];

    public Task<IReadOnlyList<OutboundRecord>> ProjectAsync(string table, CancellationToken cancellationToken) => table switch
    {
        TomteSchema.Tomter => TomterAsync(cancellationToken),
        TomteSchema.Eiendommer => EiendommerAsync(cancellationToken),
        TomteSchema.Grunneiere => GrunneiereAsync(cancellationToken),
        TomteSchema.Kommuner => KommunerAsync(cancellationToken),
        TomteSchema.Aktiviteter => Outreach.AktivitetProjection.ProjectAsync(dataSource, cancellationToken),
        _ => throw new ArgumentException($"The sync does not write Airtable table '{table}'.", nameof(table)),
    };

    /// <summary>
    /// The sites worth the team's time (<see cref="AirtableSyncOptions.MinScore"/>, new or regulert in a focus kommune),
    /// and every site Airtable already has, so its record stays current.
    /// </summary>
    private async Task<IReadOnlyList<OutboundRecord>> TomterAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.tomte_id, t.kommunenummer, k.navn, t.areal_daa, t.est_boliger, t.score, t.planstatus, t.endring,
                   (t.last_seen AT TIME ZONE 'Europe/Oslo')::date AS sist_sett,
                   ST_X(p.point), ST_Y(p.point),
                   coalesce(array_agg(c.component ORDER BY c.component) FILTER (WHERE c.component IS NOT NULL), '{}'),
                   coalesce(array_agg(c.points ORDER BY c.component) FILTER (WHERE c.component IS NOT NULL), '{}'),
                   coalesce(array_agg(c.weight ORDER BY c.component) FILTER (WHERE c.component IS NOT NULL), '{}'),
                   coalesce(array_agg(c.explanation ORDER BY c.component) FILTER (WHERE c.component IS NOT NULL), '{}'),
                   m.png, t.konflikter::text, t.hensynssoner::text, t.score_forklaring, t.helt_i_verneomrade, t.plansignaler::text
            FROM analysis.tomt t
            LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer
            CROSS JOIN LATERAL (SELECT ST_PointOnSurface(t.geom) AS point) p
            LEFT JOIN analysis.score_component c ON c.tomte_id = t.tomte_id
            LEFT JOIN analysis.tomt_kart m ON m.tomte_id = t.tomte_id
            WHERE t.score >= @min
               OR (t.endring IN ('ny', 'regulert') AND t.kommunenummer = ANY(@focus))
               OR EXISTS (SELECT 1 FROM airtable.record_map rm
                          WHERE rm.table_name = 'Tomter' AND rm.record_key = t.tomte_id AND rm.discarded_at IS NULL)
            GROUP BY t.tomte_id, k.navn, p.point, m.png
            ORDER BY t.tomte_id
            """;
        var spec = TomteSchema.Table(TomteSchema.Tomter);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("min", (decimal)options.Value.MinScore);
        command.Parameters.AddWithValue("focus", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Char, options.Value.FocusKommuner.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kommunenummer = reader.GetString(1);
            var components = reader.GetFieldValue<string[]>(11)
                .Select((name, i) => (Component: ScoreComponents.FromDatabase(name), Points: reader.GetFieldValue<decimal[]>(12)[i],
                    Weight: reader.GetFieldValue<decimal[]>(13)[i], Explanation: reader.GetFieldValue<string[]>(14)[i]))
                .OrderBy(c => c.Component)
                .ToArray();
            var overlaps = SiteConflicts.Lines(reader.GetString(16), reader.GetString(17));
            var builder = OutboundRecord.For(spec, reader.GetString(0))
                .Set("Kommune", reader.IsDBNull(2) ? kommunenummer : $"{kommunenummer} {reader.GetString(2)}")
                .Set("Areal (daa)", reader.GetDecimal(3))
                .Set("Est. boliger", reader.IsDBNull(4) ? null : (long)reader.GetInt32(4))
                .Set("Score", reader.IsDBNull(5) ? null : reader.GetDecimal(5))
                .Set("Scoreforklaring", ScoreExplanation(reader.IsDBNull(18) ? null : reader.GetString(18), components))
                .Set("Konflikter", Conflicts(reader.GetBoolean(19), overlaps))
                .Set("Kartlenke", MapLink(reader.GetDouble(9), reader.GetDouble(10)))
                .Set("Planstatus", reader.IsDBNull(6) ? null : reader.GetString(6))
                .Set("Plansignal", PlanSignals(reader.GetString(20)))
                .Set("Endring", reader.IsDBNull(7) ? null : reader.GetString(7))
                .Set("Sist sett", reader.GetFieldValue<DateOnly>(8));
            records.Add(builder.Build(reader.IsDBNull(15) ? null : reader.GetFieldValue<byte[]>(15)));
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
            SELECT eier_id, navn, type, adresse, postnummer, poststed, kilde, hentet_dato,
                   EXISTS (SELECT 1 FROM outreach.bad_address b WHERE b.epost = lower(trim(g.epost)))
            FROM owners.grunneier g
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
                .Set("E-post ugyldig", reader.GetBoolean(8))
                .Build());
        }
        return records;
    }

    private async Task<IReadOnlyList<OutboundRecord>> KommunerAsync(CancellationToken cancellationToken)
    {
        // SSB rows may be absent (not fetched yet, or a kommune SSB does not know); the fields are then left empty.
        const string sql = """
            SELECT k.kommunenummer, k.navn, s.folketall, s.folketall_ar, s.vekst_5ar_pct, s.framskrevet_2030, s.framskrevet_2040,
                   s.framskriving_tabell, s.boligstart, s.boligstart_ar, s.median_inntekt, s.inntekt_ar, s.sentralitet,
                   (s.oppdatert AT TIME ZONE 'Europe/Oslo')::date
            FROM ref.kommune k
            LEFT JOIN ssb.kommune_indikator s ON s.kommunenummer = k.kommunenummer
            ORDER BY k.kommunenummer
            """;
        var spec = TomteSchema.Table(TomteSchema.Kommuner);
        var records = new List<OutboundRecord>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            long? Int(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
            short? Year(int i) => reader.IsDBNull(i) ? null : reader.GetInt16(i);
            var indicators = new KommuneIndicators(Int(2), Year(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4), Int(5), Int(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), Int(8), Year(9), Int(10), Year(11), Year(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateOnly>(13));
            records.Add(OutboundRecord.For(spec, reader.GetString(0))
                .Set("Navn", reader.GetString(1))
                .Set("SSB indikatorer", indicators.Text())
                .Set("Folketall", indicators.Folketall)
                .Set("Vekst 5 år (%)", indicators.Vekst5ArPct)
                .Set("Framskrevet 2030", indicators.Framskrevet2030)
                .Set("Framskrevet 2040", indicators.Framskrevet2040)
                .Set("Boligstart", indicators.Boligstart)
                .Set("Medianinntekt", indicators.MedianInntekt)
                .Set("Sentralitet", indicators.Sentralitet is { } k ? (long)k : null)
                .Build());
        }
        return records;
    }

    private string MapLink(double easting, double northing) =>
        string.Format(CultureInfo.InvariantCulture, options.Value.MapLinkTemplate, easting, northing);

    /// <summary>The sentence, then one line per component: "Størrelse (15 %): 100 poeng – 528 daa".</summary>
    private static string? ScoreExplanation(string? sentence, (ScoreComponent Component, decimal Points, decimal Weight, string Explanation)[] components)
    {
        if (sentence is null)
        {
            return null;
        }
        var text = new StringBuilder(sentence).Append("\n");
        foreach (var (component, points, weight, explanation) in components)
        {
            text.Append('\n').Append(string.Create(Norwegian, $"{component.Norwegian()} ({weight * 100:0} %): {points:0} poeng – {explanation}"));
        }
        return text.ToString();
    }

    /// <summary>The verneområde flag first, then the analysis's overlap shares with constraints and hensynssoner.</summary>
    private static string? Conflicts(bool heltIVerneomrade, IReadOnlyList<string> overlaps)
    {
        var lines = (heltIVerneomrade ? ["HELE TOMTEN I VERNEOMRÅDE"] : Array.Empty<string>()).Concat(overlaps).ToArray();
        return lines.Length == 0 ? null : string.Join('\n', lines);
    }

    /// <summary>"Noen andre planlegger her": one line per plan from analysis.tomt.plansignaler.</summary>
    private static string? PlanSignals(string plansignalerJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(plansignalerJson);
        var lines = document.RootElement.EnumerateArray().Select(e =>
        {
            string? Text(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
            int? Status() => e.TryGetProperty("planstatus", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number ? v.GetInt32() : null;
            var what = Text("kilde") == "planlegging_igangsatt" ? "varslet oppstart" : Status() switch
            {
                1 => "reguleringsplan igangsatt",
                2 => "reguleringsplanforslag",
                _ => "reguleringsplan",
            };
            return $"{Text("planidentifikasjon")}{(Text("plannavn") is { } navn ? $" {navn}" : "")} ({what})";
        }).ToArray();
        return lines.Length == 0 ? null : string.Join('\n', lines);
    }
}
