using System.Globalization;
using System.Text;
using Tomte.Worker.Analysis;
using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Worker.Brokers;

/// <summary>A tip's assessment in Norwegian: the lines of each Airtable field and the whole text <c>tomte vurder</c> prints.</summary>
public static class TipReport
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    private static readonly Dictionary<int, string> FormalNames = new()
    {
        [1110] = "boligbebyggelse",
        [1130] = "sentrumsformål",
        [1800] = "kombinert bebyggelse og anleggsformål",
    };

    public static string FormalName(int code) => FormalNames.TryGetValue(code, out var name) ? $"{name} ({code})" : $"arealformål {code}";

    /// <summary>"100 % boligbebyggelse (1110)", or that no part is zoned for housing.</summary>
    public static string Formal(TipAssessment a) => a.Formal.Count == 0
        ? "ingen del er avsatt til boligformål (framtidig) i kommuneplanen"
        : string.Join(", ", a.Formal.Select(f => $"{SiteConflicts.Percent(f.Andel)} {FormalName(f.Arealformal)}"));

    public static string Planer(TipAssessment a) => a.Planer.Count == 0
        ? "ingen kjente"
        : string.Join("\n", a.Planer.Select(p => $"{p.Planidentifikasjon}{(p.Plannavn is null ? "" : " " + p.Plannavn)}" +
            (p.Kilde == "planlegging_igangsatt" ? " (varsel om oppstart)" : p.Planstatus switch { 1 => " (igangsatt)", 2 => " (forslag)", _ => "" })));

    public static string Konflikter(TipAssessment a) => a.Konflikter.Count == 0 ? "ingen kjente konflikter" : string.Join("\n", a.Konflikter);

    /// <summary>The score sentence and one line per part, or why the tip is not scored.</summary>
    public static string Forklaring(TipAssessment a)
    {
        if (a.Score is not { } score)
        {
            return a.SonertAndel <= 0
                ? "Ikke scoret: ingen del av innspillet er avsatt til boligformål i kommuneplanen."
                : "Ikke scoret: boligformålet i innspillet er allerede dekket av vedtatte reguleringsplaner (eller for lite til en tomt).";
        }
        var text = new StringBuilder(score.Sentence);
        foreach (var c in score.Components)
        {
            text.Append('\n').Append(string.Create(Norwegian, $"{c.Component.Norwegian()}: {c.Points:0} poeng × {c.Weight * 100:0} % – {c.Explanation}"));
        }
        return text.ToString();
    }

    /// <param name="names">False where the text lands in a report or log (the demo): owners are then only counted.</param>
    public static string Eiere(TipAssessment a, bool names = true) => a.Eiendommer.Count == 0
        ? "ingen eiendommer i eiendomskartet under innspillet"
        : string.Join("\n", a.Eiendommer.Select(e => $"{e.Matrikkelnummer} ({SiteConflicts.Percent(e.Andel)}): " +
            (e.Eiere.Count == 0 ? "eiere ikke kjent" : names ? string.Join(", ", e.Eiere) : e.Eiere.Count == 1 ? "1 kjent eier" : $"{e.Eiere.Count} kjente eiere")));

    public static string Tomter(TipAssessment a) => a.Tomter.Count == 0
        ? "overlapper ingen tomt Tomte har funnet"
        : string.Join(", ", a.Tomter.Select(t => $"{t.TomteId} ({SiteConflicts.Percent(t.AndelAvInnspill)} av innspillet" +
            (t.Score is { } s ? string.Create(Norwegian, $", score {s:0}") : "") + ")"));

    /// <summary>The whole assessment as <c>tomte vurder</c> and the demo print it.</summary>
    public static string Format(TipAssessment a, string? mapPath = null, bool ownerNames = true)
    {
        var text = new StringBuilder();
        text.AppendLine($"Vurdering av {a.Tip.Beskrivelse}");
        text.AppendLine(string.Create(Norwegian, $"  Kommune:             {a.Kommunenummer}{(a.Kommunenavn is null ? "" : " " + a.Kommunenavn)}"));
        text.AppendLine($"  Areal:               {SiteScorer.Daa(a.ArealDaa)} daa");
        text.AppendLine($"  Sonert til bolig:    {SiteConflicts.Percent(a.SonertAndel)} ({Formal(a)})");
        text.AppendLine($"  Regulert:            {SiteConflicts.Percent(a.RegulertAndel)} dekkes av vedtatte reguleringsplaner");
        text.AppendLine($"  Uregulert boligland: {SiteScorer.Daa(a.UtviklbarDaa)} daa{(a.EstBoliger is { } b ? $" (~{b} boliger)" : "")}");
        text.AppendLine($"  Planer under arbeid: {Indent(Planer(a))}");
        text.AppendLine($"  Konflikter:          {Indent(Konflikter(a))}");
        text.AppendLine(a.Score is { } score
            ? string.Create(Norwegian, $"  Score:               {score.Score:0.0}{(score.HeltIVerneomrade ? " (hele innspillet i verneområde)" : "")}")
            : "  Score:               –");
        text.AppendLine($"  Forklaring:          {Indent(Forklaring(a))}");
        text.AppendLine($"  Eiere:               {Indent(Eiere(a, ownerNames))}");
        text.AppendLine($"  Tomter:              {Tomter(a)}");
        if (mapPath is not null)
        {
            text.AppendLine($"  Kart:                {mapPath}");
        }
        text.AppendLine(string.Create(Norwegian, $"  (vurdert på {a.Duration.TotalSeconds:0.00} s)"));
        return text.ToString();
    }

    private static string Indent(string lines) => lines.Replace("\n", "\n                       ", StringComparison.Ordinal);
}
