using System.Globalization;
using System.Text;

namespace Tomte.Worker.Airtable.Sync;

/// <summary>One kommune's SSB indicators (ssb.kommune_indikator) as the Kommuner table shows them.</summary>
public sealed record KommuneIndicators(
    long? Folketall, short? FolketallAr, decimal? Vekst5ArPct, long? Framskrevet2030, long? Framskrevet2040, string? FramskrivingTabell,
    long? Boligstart, short? BoligstartAr, long? MedianInntekt, short? InntektAr, short? Sentralitet, DateOnly? Oppdatert)
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>Norwegian lines with year and source table, or null when SSB has nothing for the kommune.</summary>
    public string? Text()
    {
        var lines = new List<string>();
        if (Folketall is { } folk)
        {
            lines.Add(string.Create(Norwegian, $"Folketall {folk:N0}{Year(FolketallAr)} (SSB 07459)"));
        }
        if (Vekst5ArPct is { } vekst)
        {
            lines.Add(string.Create(Norwegian, $"Vekst siste 5 år: {vekst:+0.0;−0.0;0,0} %"));
        }
        if (Framskrevet2030 is not null || Framskrevet2040 is not null)
        {
            lines.Add(string.Create(Norwegian,
                $"Framskrevet folketall: 2030 {Number(Framskrevet2030)}, 2040 {Number(Framskrevet2040)}{(FramskrivingTabell is { } t ? $" (SSB {t})" : "")}"));
        }
        if (Boligstart is { } start)
        {
            lines.Add(string.Create(Norwegian, $"Igangsatte boliger: {start:N0}{Year(BoligstartAr)} (SSB 05940)"));
        }
        if (MedianInntekt is { } inntekt)
        {
            lines.Add(string.Create(Norwegian, $"Medianinntekt etter skatt per husholdning: {inntekt:N0} kr{Year(InntektAr)} (SSB 06944)"));
        }
        if (Sentralitet is { } klasse)
        {
            lines.Add($"Sentralitetsklasse {klasse} (1 mest sentral, 6 minst)");
        }
        if (lines.Count == 0)
        {
            return null;
        }
        if (Oppdatert is { } date)
        {
            lines.Add($"Hentet fra SSB {date:yyyy-MM-dd}");
        }
        return string.Join('\n', lines);
    }

    private static string Year(short? year) => year is { } y ? $" ({y})" : "";

    private static string Number(long? value) => value is { } v ? v.ToString("N0", Norwegian) : "–";
}
