using System.Globalization;
using System.Text;
using Npgsql;
using Tomte.Worker.Demo;

namespace Tomte.Worker.Analysis;

/// <summary>
/// The demo's road step: what the analysis found about roads on the sample data — the loaded network by category and
/// how far each pilot kommune's sites lie from the nearest public road (E, R, F, K).
/// </summary>
public sealed class RoadDistanceDemoStep(NpgsqlDataSource dataSource) : IDemoStep
{
    public string Title => "Avstand fra tomt til nærmeste offentlige vei";

    public async Task<DemoStepResult> RunAsync(DemoContext context, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.kommunenummer::text, coalesce(k.navn, ''),
                   (SELECT count(*) FROM ref.road r WHERE r.kommunenummer = t.kommunenummer),
                   (SELECT round(sum(ST_Length(r.geom)) / 1000) FROM ref.road r WHERE r.kommunenummer = t.kommunenummer AND r.vegkategori IN ('E', 'R', 'F', 'K')),
                   count(*) FILTER (WHERE t.naermeste_vei_m < 50),
                   count(*) FILTER (WHERE t.naermeste_vei_m >= 50 AND t.naermeste_vei_m < 300),
                   count(*) FILTER (WHERE t.naermeste_vei_m >= 300),
                   count(*) FILTER (WHERE t.naermeste_vei_m IS NULL),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY t.naermeste_vei_m)
            FROM analysis.tomt t
            LEFT JOIN ref.kommune k ON k.kommunenummer = t.kommunenummer
            WHERE t.endring IN ('ny', 'endret', 'uendret')
            GROUP BY t.kommunenummer, k.navn
            ORDER BY t.kommunenummer
            """;
        var nb = CultureInfo.GetCultureInfo("nb-NO");
        var lines = new List<string> { string.Format(nb, "{0,-20} {1,9} {2,14} {3,8} {4,10} {5,8} {6,11} {7,9}", "kommune", "veglenker", "offentlig (km)", "< 50 m", "50–300 m", "≥ 300 m", "uten vei", "median") };
        var (near, total) = (0L, 0L);
        await using (var command = dataSource.CreateCommand(sql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = $"{reader.GetString(0)} {reader.GetString(1)}";
                near += reader.GetInt64(4);
                total += reader.GetInt64(4) + reader.GetInt64(5) + reader.GetInt64(6) + reader.GetInt64(7);
                lines.Add(string.Format(nb, "{0,-20} {1,9} {2,14} {3,8} {4,10} {5,8} {6,11} {7,9}",
                    name.Length > 20 ? name[..20] : name, reader.GetInt64(2), reader.IsDBNull(3) ? "–" : reader.GetDouble(3).ToString("N0", nb),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7),
                    reader.IsDBNull(8) ? "–" : reader.GetDouble(8).ToString("N0", nb) + " m"));
            }
        }
        var report = new StringBuilder("## Avstand til nærmeste offentlige vei (E, R, F, K)\n\n```\n");
        lines.ForEach(l => report.AppendLine(l));
        report.AppendLine("```");
        return new DemoStepResult(
            string.Create(nb, $"Veier: {near} av {total} tomter ligger under 50 m fra offentlig vei (syntetisk vegnett; laget 'veger' i GeoPackage)."),
            report.ToString(), Details: string.Join(Environment.NewLine, lines));
    }
}
