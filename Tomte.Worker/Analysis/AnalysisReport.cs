using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Worker.Analysis;

/// <summary>Norwegian text for what an analysis did and what it found: progress lines and the largest sites per kommune.</summary>
public sealed class AnalysisReport(NpgsqlDataSource dataSource)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public static string KommuneLine(KommuneAnalysis.Result result, string? navn) => string.Format(Norwegian,
        "  {0}{1}: {2} tomter, {3:N1} daa ({4} nye, {5} endret, {6} uendret, {7} regulert, {8} borte); {9:N1} daa KP bolig, {10:N1} daa regulert, {11:N1} daa for smått/smalt; {12:N1} s",
        result.Kommunenummer, navn is null ? "" : " " + navn, result.Sites, result.TomtM2 / 1000, result.Ny, result.Endret, result.Uendret, result.Regulert, result.Borte,
        result.BoligM2 / 1000, result.RegulertM2 / 1000, result.DroppedM2 / 1000, result.Duration.TotalSeconds);

    public static string FailureLine(AnalysisRunner.Failure failure) => $"  {failure.Kommunenummer}: FEILET, forrige resultat beholdt: {failure.Reason}";

    public static string Summary(AnalysisRunner.Outcome outcome)
    {
        if (outcome.Analysed.Count == 0 && outcome.Failures.Count == 0)
        {
            return $"Ingen inndata eller innstillinger er endret siden forrige analyse for {outcome.Unchanged.Count} kommuner; ingen geometri beregnet.";
        }
        var unchanged = outcome.Unchanged.Count == 0 ? "" : $", {outcome.Unchanged.Count} uendret siden forrige analyse";
        return string.Format(Norwegian, "Ferdig: {0} kommuner analysert{1}; {2} tomter; {3:N1} s.",
            outcome.Analysed.Count, unchanged, outcome.Analysed.Sum(r => r.Sites), outcome.Duration.TotalSeconds);
    }

    public sealed record Site(string TomteId, decimal ArealDaa, int? EstBoliger, string Endring, string Flagg);

    /// <summary>
    /// A kommune's largest current sites, those new or changed in its last run first, then the sites that went away
    /// (regulert, borte) in that run.
    /// </summary>
    public async Task<IReadOnlyList<Site>> LargestSitesAsync(string kommune, int count, CancellationToken cancellationToken)
    {
        const string sql = """
            (SELECT tomte_id, areal_daa, est_boliger, endring, ma_vurderes, plansignaler, konflikter, CASE WHEN endring = 'uendret' THEN 1 ELSE 0 END AS gruppe
             FROM analysis.tomt WHERE kommunenummer = @k AND endring IN ('ny', 'endret', 'uendret')
             ORDER BY endring = 'uendret', areal_daa DESC, tomte_id LIMIT @n)
            UNION ALL
            (SELECT t.tomte_id, t.areal_daa, t.est_boliger, t.endring, t.ma_vurderes, t.plansignaler, t.konflikter, 2
             FROM analysis.tomt t JOIN analysis.kommune_state s ON s.kommunenummer = t.kommunenummer AND s.run_id = t.run_id
             WHERE t.kommunenummer = @k AND t.endring IN ('regulert', 'borte')
             ORDER BY t.areal_daa DESC, t.tomte_id LIMIT @n)
            ORDER BY gruppe, areal_daa DESC, tomte_id
            """;
        var sites = new List<Site>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("k", NpgsqlDbType.Char, kommune);
        command.Parameters.AddWithValue("n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var flags = new List<string>();
            if (reader.GetBoolean(4))
            {
                flags.Add("må vurderes");
            }
            if (reader.GetString(5) != "[]")
            {
                flags.Add("noen andre planlegger her");
            }
            var conflicts = reader.GetString(6);
            if (conflicts != "{}")
            {
                flags.Add("konflikt: " + ConflictText(conflicts));
            }
            sites.Add(new Site(reader.GetString(0), reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetString(3), string.Join(", ", flags)));
        }
        return sites;
    }

    /// <summary>"flomsone 12 %, kvikkleire 3 %" from the stored shares.</summary>
    public static string ConflictText(string sharesJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(sharesJson);
        return string.Join(", ", document.RootElement.EnumerateObject()
            .Select(p => $"{SiteConflicts.KindName(p.Name)} {SiteConflicts.Percent(p.Value.GetDouble())}"));
    }

    public static string Table(IReadOnlyList<Site> sites)
    {
        var text = new StringBuilder();
        text.AppendLine("    Tomte-ID     daa  boliger  endring   flagg");
        foreach (var site in sites)
        {
            text.AppendLine(string.Format(Norwegian, "    {0,-10} {1,6:N1} {2,8}  {3,-9} {4}",
                site.TomteId, site.ArealDaa, site.EstBoliger?.ToString(Norwegian) ?? "–", site.Endring, site.Flagg).TrimEnd());
        }
        return text.ToString().TrimEnd('\n', '\r');
    }
}
