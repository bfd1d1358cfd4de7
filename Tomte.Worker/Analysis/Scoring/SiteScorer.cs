using System.Globalization;

namespace Tomte.Worker.Analysis.Scoring;

/// <summary>What one site's score is computed from; nulls are unknown inputs, which score neutral.</summary>
/// <param name="Konflikter">Share (0..1) of the site under each constraint kind (analysis.tomt.konflikter).</param>
/// <param name="Hensynssoner">Share (0..1) of the site under each hensynssone kind (analysis.tomt.hensynssoner).</param>
/// <param name="Sentralitetsklasse">The kommune's SSB sentralitetsklasse 1–6, when SSB data is loaded.</param>
/// <param name="KommunalVilje">The team's 1–5 from Airtable, when set.</param>
/// <param name="Eiere">Distinct owners of the site's parcels; 0 until owners are known.</param>
public sealed record SiteInputs(
    string TomteId,
    string Kommunenummer,
    double ArealDaa,
    int? EstBoliger,
    double? NaermesteStoppM,
    int? Sentralitetsklasse,
    double? NaermesteVeiM,
    IReadOnlyDictionary<string, double> Konflikter,
    IReadOnlyDictionary<string, double> Hensynssoner,
    double? KommunalVilje,
    int Eiere);

/// <param name="Raw">The raw value the points were read from (null when unknown).</param>
/// <param name="Points">0..100 on the component's fixed scale.</param>
/// <param name="Weight">The component's share of the score (the weights sum to 1).</param>
/// <param name="Explanation">Norwegian, for the team: what the raw value was and why it scored as it did.</param>
public sealed record ComponentScore(ScoreComponent Component, double? Raw, double Points, double Weight, string Explanation)
{
    public double Contribution => Points * Weight;
}

/// <param name="Score">0..100, one decimal.</param>
/// <param name="Sentence">The Norwegian sentence that explains it ("72 poeng: stor tomt (18 daa, ~45 boliger), ...").</param>
/// <param name="HeltIVerneomrade">The site lies (almost) entirely inside a verneområde.</param>
public sealed record SiteScore(double Score, IReadOnlyList<ComponentScore> Components, string Sentence, bool HeltIVerneomrade);

/// <summary>
/// The seven-part model: each component read on its fixed scale (<see cref="ScoringOptions.Skalaer"/>), weighted
/// (<see cref="ScoringOptions.Vekter"/>) and added up. Pure: the same inputs and settings always give the same score.
/// </summary>
public static class SiteScorer
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    public static SiteScore Score(SiteInputs site, ScoringOptions options)
    {
        var scales = options.Skalaer;
        var weights = options.Vekter;
        var neutral = options.NoytralePoeng;

        var size = new ComponentScore(ScoreComponent.Storrelse, site.ArealDaa, scales.ArealDaa.Points(site.ArealDaa), weights.Storrelse, $"{Daa(site.ArealDaa)} daa");

        var capacity = site.EstBoliger is { } boliger
            ? new ComponentScore(ScoreComponent.Kapasitet, boliger, scales.Boliger.Points(boliger), weights.Kapasitet, $"~{boliger} boliger")
            : new ComponentScore(ScoreComponent.Kapasitet, null, neutral, weights.Kapasitet, "antall boliger ukjent (nøytral)");

        var centrality = Centrality(site, options);

        var road = site.NaermesteVeiM is { } vei
            ? new ComponentScore(ScoreComponent.Infrastruktur, vei, scales.VeiMeter.Points(vei), weights.Infrastruktur, $"{Metres(vei)} til offentlig vei")
            : new ComponentScore(ScoreComponent.Infrastruktur, null, neutral, weights.Infrastruktur, "avstand til vei ukjent (nøytral)");

        var (conflicts, protectedSite) = ConflictFreedom(site, options);

        var will = site.KommunalVilje is { } vilje
            ? new ComponentScore(ScoreComponent.KommunalVilje, vilje, scales.KommunalVilje.Points(vilje), weights.KommunalVilje, $"kommunal vilje {Number(vilje)} av 5")
            : new ComponentScore(ScoreComponent.KommunalVilje, null, neutral, weights.KommunalVilje, "kommunal vilje ikke satt (nøytral)");

        var owners = site.Eiere > 0
            ? new ComponentScore(ScoreComponent.Eierstruktur, site.Eiere, scales.Eiere.Points(site.Eiere), weights.Eierstruktur, site.Eiere == 1 ? "1 eier" : $"{site.Eiere} eiere")
            : new ComponentScore(ScoreComponent.Eierstruktur, null, neutral, weights.Eierstruktur, "eiere ikke kjent ennå (nøytral)");

        ComponentScore[] components = [size, capacity, centrality, road, conflicts, will, owners];
        var score = Math.Round(components.Sum(c => c.Contribution), 1, MidpointRounding.AwayFromZero);
        return new SiteScore(score, components, Sentence(score, site, options, protectedSite), protectedSite);
    }

    private static ComponentScore Centrality(SiteInputs site, ScoringOptions options)
    {
        var scales = options.Skalaer;
        double? stopPoints = site.NaermesteStoppM is { } stop ? scales.HoldeplassMeter.Points(stop) : null;
        double? classPoints = site.Sentralitetsklasse is { } klasse ? scales.Sentralitetsklasse.Points(klasse) : null;
        var parts = new List<string>();
        if (site.NaermesteStoppM is { } metres)
        {
            parts.Add(StopText(metres));
        }
        else
        {
            parts.Add("ingen holdeplass kjent");
        }
        if (site.Sentralitetsklasse is { } k)
        {
            parts.Add($"sentralitetsklasse {k} (SSB)");
        }
        var points = (stopPoints, classPoints) switch
        {
            ({ } s, { } c) => (s + c) / 2,
            ({ } s, null) => s,
            (null, { } c) => c,
            _ => options.NoytralePoeng,
        };
        if (stopPoints is null && classPoints is null)
        {
            parts.Add("nøytral");
        }
        return new ComponentScore(ScoreComponent.Sentralitet, site.NaermesteStoppM, points, options.Vekter.Sentralitet, string.Join(", ", parts));
    }

    private static (ComponentScore Score, bool Protected) ConflictFreedom(SiteInputs site, ScoringOptions options)
    {
        var share = Math.Min(1, site.Konflikter.Values.Sum() + site.Hensynssoner.Values.Sum());
        var verne = site.Konflikter.GetValueOrDefault("verneomrade");
        if (verne >= options.VerneomradeFlaggAndel)
        {
            return (new ComponentScore(ScoreComponent.Konfliktfrihet, share, 0, options.Vekter.Konfliktfrihet, "hele tomten i verneområde (flagget)"), true);
        }
        var lines = ConflictParts(site);
        var explanation = lines.Count == 0 ? "ingen kjente konflikter" : string.Join(", ", lines);
        return (new ComponentScore(ScoreComponent.Konfliktfrihet, share, options.Skalaer.KonfliktAndel.Points(share), options.Vekter.Konfliktfrihet, explanation), false);
    }

    private static List<string> ConflictParts(SiteInputs site) =>
        site.Konflikter.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{SiteConflicts.Percent(p.Value)} i {SiteConflicts.KindName(p.Key)}")
            .Concat(site.Hensynssoner.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{SiteConflicts.Percent(p.Value)} i hensynssone ({p.Key})"))
            .ToList();

    /// <summary>"72 poeng: stor tomt (18 daa, ~45 boliger), 600 m til holdeplass, 150 m til vei, 12 % i flomsone, kommunal vilje ikke satt".</summary>
    private static string Sentence(double score, SiteInputs site, ScoringOptions options, bool protectedSite)
    {
        var sizePoints = options.Skalaer.ArealDaa.Points(site.ArealDaa);
        var sizeWord = sizePoints >= 200.0 / 3 ? "stor" : sizePoints >= 100.0 / 3 ? "middels stor" : "liten";
        var dwellings = site.EstBoliger is { } b ? $", ~{b} boliger" : "";
        var parts = new List<string> { $"{sizeWord} tomt ({Daa(site.ArealDaa)} daa{dwellings})" };
        parts.Add(site.NaermesteStoppM is { } stop ? StopText(stop) : "ingen holdeplass kjent");
        if (site.Sentralitetsklasse is { } klasse)
        {
            parts.Add($"sentralitetsklasse {klasse}");
        }
        parts.Add(site.NaermesteVeiM is { } vei ? $"{Metres(vei)} til vei" : "avstand til vei ukjent");
        if (protectedSite)
        {
            parts.Add("hele tomten i verneområde");
        }
        else
        {
            var conflicts = ConflictParts(site);
            parts.AddRange(conflicts.Count == 0 ? ["ingen kjente konflikter"] : conflicts);
        }
        parts.Add(site.KommunalVilje is { } vilje ? $"kommunal vilje {Number(vilje)}" : "kommunal vilje ikke satt");
        parts.Add(site.Eiere switch
        {
            0 => "eiere ikke kjent",
            1 => "1 eier",
            var n => $"{n} eiere",
        });
        return $"{Math.Round(score, MidpointRounding.AwayFromZero).ToString("0", Norwegian)} poeng: {string.Join(", ", parts)}";
    }

    private static string StopText(double metres) => metres < 0.5 ? "holdeplass på tomten" : $"{Metres(metres)} til holdeplass";

    /// <summary>Whole dekar from 10 daa, one decimal below ("4,5 daa").</summary>
    public static string Daa(double daa) => daa >= 10 ? daa.ToString("0", Norwegian) : daa.ToString("0.#", Norwegian);

    /// <summary>Distances as a person says them: to the metre below 100 m, to 10 m up to 1 km, then "1,2 km".</summary>
    public static string Metres(double metres) => metres switch
    {
        < 100 => $"{Math.Round(metres).ToString("0", Norwegian)} m",
        < 1000 => $"{(Math.Round(metres / 10) * 10).ToString("0", Norwegian)} m",
        _ => $"{(metres / 1000).ToString("0.0", Norwegian)} km",
    };

    private static string Number(double value) => value.ToString("0.#", Norwegian);
}
