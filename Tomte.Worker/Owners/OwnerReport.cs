using System.Globalization;
using System.Text;
using Npgsql;

namespace Tomte.Worker.Owners;

/// <summary>The owners of the top sites, for <c>tomte owners list</c> and the demo: Norwegian text for the team.</summary>
public sealed class OwnerReport(NpgsqlDataSource dataSource)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public sealed record OwnerLine(string EierId, string Navn, string Type, string? Poststed, string? Andel, string Kilde, DateOnly HentetDato);

    public sealed record ParcelLine(string Matrikkelnummer, decimal AndelAvTomt, bool FellesTeig, IReadOnlyList<OwnerLine> Owners);

    public sealed record SiteOwners(string TomteId, decimal ArealDaa, decimal? Score, int DistinctOwners, IReadOnlyList<ParcelLine> Parcels);

    /// <summary>The top current sites (by score, then area), or the named ones, with their parcels and owners.</summary>
    public async Task<IReadOnlyList<SiteOwners>> TopSitesAsync(int count, IReadOnlyCollection<string> tomteIds, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH top AS (
                SELECT tomte_id, areal_daa, score
                FROM analysis.tomt
                WHERE CASE WHEN cardinality(@ids) > 0 THEN tomte_id = ANY (@ids) ELSE endring IN ('ny', 'endret', 'uendret') END
                  AND EXISTS (SELECT 1 FROM owners.tomt_eiendom te WHERE te.tomte_id = analysis.tomt.tomte_id)
                ORDER BY score DESC NULLS LAST, areal_daa DESC, tomte_id
                LIMIT @n
            )
            SELECT t.tomte_id, t.areal_daa, t.score, te.matrikkelnummer, te.andel_av_tomt, te.felles_teig,
                   g.eier_id, g.navn, g.type, g.poststed, es.andel, g.kilde, g.hentet_dato
            FROM top t
            JOIN owners.tomt_eiendom te ON te.tomte_id = t.tomte_id
            LEFT JOIN owners.eierskap es ON es.matrikkelnummer = te.matrikkelnummer
            LEFT JOIN owners.grunneier g ON g.eier_id = es.eier_id
            ORDER BY t.score DESC NULLS LAST, t.areal_daa DESC, t.tomte_id, te.andel_av_tomt DESC, te.matrikkelnummer, g.eier_id
            """;
        var sites = new List<SiteOwners>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("ids", tomteIds.ToArray());
        command.Parameters.AddWithValue("n", tomteIds.Count > 0 ? tomteIds.Count : count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? currentSite = null;
        string? currentParcel = null;
        List<ParcelLine> parcels = [];
        List<OwnerLine> owners = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            var tomteId = reader.GetString(0);
            if (tomteId != currentSite)
            {
                currentSite = tomteId;
                currentParcel = null;
                parcels = [];
                sites.Add(new SiteOwners(tomteId, reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetDecimal(2), 0, parcels));
            }
            var matrikkelnummer = reader.GetString(3);
            if (matrikkelnummer != currentParcel)
            {
                currentParcel = matrikkelnummer;
                owners = [];
                parcels.Add(new ParcelLine(matrikkelnummer, reader.GetDecimal(4), reader.GetBoolean(5), owners));
            }
            if (!reader.IsDBNull(6))
            {
                owners.Add(new OwnerLine(reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetString(11), reader.GetFieldValue<DateOnly>(12)));
            }
        }
        return sites.Select(s => s with { DistinctOwners = s.Parcels.SelectMany(p => p.Owners).Select(o => o.EierId).Distinct().Count() }).ToList();
    }

    /// <summary>
    /// The sites with their parcels and owners. <paramref name="withNames"/> false gives owner ids only, for text that
    /// may be kept or shared (the demo report): owner names and addresses stay in the database and Airtable.
    /// </summary>
    public static string Text(IReadOnlyList<SiteOwners> sites, bool withNames)
    {
        var text = new StringBuilder();
        foreach (var site in sites)
        {
            text.AppendLine(string.Format(Norwegian, "  {0}  {1:N1} daa{2}  {3} eiendommer, {4} grunneiere",
                site.TomteId, site.ArealDaa, site.Score is { } score ? string.Format(Norwegian, ", score {0:N1}", score) : "", site.Parcels.Count, site.DistinctOwners));
            foreach (var parcel in site.Parcels)
            {
                text.AppendLine(string.Format(Norwegian, "    {0,-16} {1,6:P1} av tomta{2}", parcel.Matrikkelnummer, parcel.AndelAvTomt, parcel.FellesTeig ? " (felles teig)" : ""));
                if (parcel.Owners.Count == 0)
                {
                    text.AppendLine("      ingen kjent eier ennå");
                }
                foreach (var owner in parcel.Owners)
                {
                    var who = withNames ? $"{owner.Navn}{(owner.Poststed is null ? "" : ", " + owner.Poststed)}" : owner.Type;
                    text.AppendLine(string.Format(Norwegian, "      {0} {1}{2} — {3}, hentet {4:yyyy-MM-dd}",
                        owner.EierId, who, owner.Andel is null ? "" : $" ({owner.Andel})", owner.Kilde, owner.HentetDato));
                }
            }
        }
        return text.ToString().TrimEnd();
    }
}
