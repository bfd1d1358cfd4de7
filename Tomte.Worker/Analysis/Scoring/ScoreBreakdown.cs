using System.Globalization;
using System.Text;
using Npgsql;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>A site's stored score read back as the team reads it (<c>tomte score --explain 3218-0042</c>).</summary>
public sealed class ScoreBreakdown(NpgsqlDataSource dataSource)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public sealed record Row(ScoreComponent Component, decimal? Raw, decimal Weight, decimal Points, string Explanation);

    public sealed record Site(string TomteId, string Kommune, string Endring, decimal? Score, string? Sentence, bool HeltIVerneomrade, IReadOnlyList<Row> Components);

    /// <summary>The site with its components in model order, or null when no site has that Tomte-ID.</summary>
    public async Task<Site?> LoadAsync(string tomteId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.tomte_id, t.kommunenummer || coalesce(' ' || k.navn, ''), t.endring, t.score, t.score_forklaring, t.helt_i_verneomrade,
                   c.component, c.raw_value, c.weight, c.points, c.explanation
            FROM analysis.tomt t
            LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer
            LEFT JOIN analysis.score_component c ON c.tomte_id = t.tomte_id
            WHERE t.tomte_id = @id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", tomteId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Site? site = null;
        var rows = new List<Row>();
        while (await reader.ReadAsync(cancellationToken))
        {
            site ??= new Site(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5), rows);
            if (!reader.IsDBNull(6))
            {
                rows.Add(new Row(ScoreComponents.FromDatabase(reader.GetString(6)), reader.IsDBNull(7) ? null : reader.GetDecimal(7),
                    reader.GetDecimal(8), reader.GetDecimal(9), reader.GetString(10)));
            }
        }
        rows.Sort((a, b) => a.Component.CompareTo(b.Component));
        return site;
    }

    /// <summary>The breakdown as lines of Norwegian text: the sentence, then one line per component with its points, weight and share of the score.</summary>
    public static string Format(Site site)
    {
        var text = new StringBuilder();
        text.AppendLine($"Tomt {site.TomteId} ({site.Kommune}), endring: {site.Endring}");
        if (site.Score is null || site.Components.Count == 0)
        {
            text.AppendLine(site.Endring is "borte" or "regulert"
                ? "Tomten er ikke lenger en kandidat og scores ikke."
                : "Tomten er ikke scoret ennå; kjør tomte analyze eller tomte score.");
            return text.ToString();
        }
        text.AppendLine(site.Sentence);
        if (site.HeltIVerneomrade)
        {
            text.AppendLine("OBS: hele tomten ligger i verneområde.");
        }
        text.AppendLine();
        text.AppendLine($"  {"Del",-15} {"Poeng",7} {"Vekt",6} {"Bidrag",7}  Forklaring");
        foreach (var row in site.Components)
        {
            var contribution = row.Points * row.Weight;
            text.AppendLine(string.Create(Norwegian,
                $"  {row.Component.Norwegian(),-15} {row.Points,7:0.0} {row.Weight * 100,5:0} % {contribution,7:0.0}  {row.Explanation}"));
        }
        text.AppendLine(string.Create(Norwegian, $"  {"Sum",-15} {"",7} {site.Components.Sum(c => c.Weight) * 100,5:0} % {site.Score,7:0.0}"));
        text.AppendLine();
        text.AppendLine("Hver del gir 0–100 poeng på en fast skala (se README, «Score»); scoren er summen av poeng × vekt.");
        return text.ToString();
    }
}
