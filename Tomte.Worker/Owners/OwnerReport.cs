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
    /// Each site with its owners, largest holding first: how many of the site's parcels each owns and how much of the
    /// site that is (each parcel's share of the site times the owner's share of the parcel), at most
    /// <paramref name="ownersPerSite"/> owners. <paramref name="withNames"/> false gives owner ids only, for text that
    /// may be kept or shared (the demo report): owner names and addresses stay in the database and Airtable.
    /// </summary>
    public static string Text(IReadOnlyList<SiteOwners> sites, bool withNames, int ownersPerSite = 5)
    {
        var text = new StringBuilder();
        foreach (var site in sites)
        {
            var unknown = site.Parcels.Count(p => p.Owners.Count == 0);
            text.AppendLine(string.Format(Norwegian, "  {0}  {1:N1} daa{2}: {3} eiendommer, {4} grunneiere{5}",
                site.TomteId, site.ArealDaa, site.Score is { } score ? string.Format(Norwegian, ", score {0:N1}", score) : "",
                site.Parcels.Count, site.DistinctOwners, unknown > 0 ? $", {unknown} eiendommer uten kjent eier" : ""));
            var holdings = site.Parcels
                .SelectMany(p => p.Owners.Select(o => (Owner: o, Parcel: p)))
                .GroupBy(h => h.Owner.EierId)
                .Select(g => (Owner: g.First().Owner, Parcels: g.Count(), Share: g.Sum(h => h.Parcel.AndelAvTomt * Fraction(h.Owner.Andel))))
                .OrderByDescending(h => h.Share).ThenBy(h => h.Owner.EierId, StringComparer.Ordinal)
                .ToList();
            foreach (var (owner, parcels, share) in holdings.Take(ownersPerSite))
            {
                var who = withNames ? $"{owner.Navn}{(owner.Poststed is null ? "" : ", " + owner.Poststed)}" : owner.Type;
                text.AppendLine(string.Format(Norwegian, "    {0} {1}: {2} {3}, {4:P0} av tomta ({5}, hentet {6:yyyy-MM-dd})",
                    owner.EierId, who, parcels, parcels == 1 ? "eiendom" : "eiendommer", share, owner.Kilde, owner.HentetDato));
            }
            if (holdings.Count > ownersPerSite)
            {
                text.AppendLine($"    … og {holdings.Count - ownersPerSite} grunneiere til (tomte owners list --tomt {site.TomteId})");
            }
        }
        return text.ToString().TrimEnd();
    }

    private static decimal Fraction(string? andel)
    {
        var parts = andel?.Split('/');
        return parts is [var t, var n] && decimal.TryParse(t, CultureInfo.InvariantCulture, out var teller) && decimal.TryParse(n, CultureInfo.InvariantCulture, out var nevner) && nevner > 0
            ? teller / nevner
            : 1;
    }
}
