using System.Globalization;

namespace Tomte.Worker.Ingest.Ssb;

/// <summary>The SSB indicators as a small Norwegian table, for <c>tomte ssb</c> and the demo.</summary>
public static class SsbReport
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public static IEnumerable<string> Table(IReadOnlyList<KommuneIndikator> rows)
    {
        yield return string.Format(Norwegian, "{0,-22} {1,15} {2,10} {3,8} {4,8} {5,11} {6,13} {7,11}",
            "kommune", "folketall", "vekst 5 år", "2030", "2040", "boligstart", "medianinntekt", "sentralitet");
        foreach (var row in rows)
        {
            var name = $"{row.Kommunenummer} {OfficialName(row.Kommunenummer)}".Trim();
            yield return string.Format(Norwegian, "{0,-22} {1,15} {2,10} {3,8} {4,8} {5,11} {6,13} {7,11}",
                name.Length > 22 ? name[..22] : name,
                Number(row.Folketall, row.FolketallAr),
                row.Vekst5ArPct is { } v ? v.ToString("+0.0;-0.0;0.0", Norwegian) + " %" : "–",
                Number(row.Framskrevet2030, null),
                Number(row.Framskrevet2040, null),
                Number(row.Boligstart, row.BoligstartAr),
                row.MedianInntekt is { } m ? m.ToString("N0", Norwegian) + " kr" : "–",
                row.Sentralitet is { } s ? s.ToString(Norwegian) : "–");
        }
    }

    public static string Summary(SsbIndicators.Outcome outcome) => string.Create(Norwegian,
        $"Ferdig: {outcome.Rows.Count} kommuner i ssb.kommune_indikator; framskriving fra tabell {outcome.FramskrivingTabell}; {outcome.Requests} forespørsler til SSB, {outcome.FromCache} svar fra hurtiglageret (uendrede tabeller).");

    private static string Number(int? value, short? year) =>
        value is { } v ? v.ToString("N0", Norwegian) + (year is { } y ? string.Create(Norwegian, $" ({y})") : "") : "–";

    private static string OfficialName(string kommune) => LoadChecks.OfficialKommuner.Name(kommune) ?? "";
}
