using NetTopologySuite.Geometries;
using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Worker.Brokers;

/// <summary>A share of the tip under one kommuneplan arealformål.</summary>
public sealed record FormalShare(int Arealformal, double Andel);

/// <summary>A plan in progress over the tip ("noen andre planlegger her").</summary>
public sealed record PlanInProgress(string Kilde, string Planidentifikasjon, string? Plannavn, int? Planstatus);

/// <summary>A matrikkelenhet under the tip, its share of the tip, and its owners' names where Tomte knows them.</summary>
public sealed record TipParcel(string Matrikkelnummer, double Andel, IReadOnlyList<string> Eiere);

/// <summary>An existing Tomte site the tip overlaps; shares of the tip and of the site.</summary>
public sealed record MatchingSite(string TomteId, double AndelAvInnspill, double AndelAvTomt, decimal? Score);

/// <summary>
/// One tip assessed with the analysis' own rules: the share zoned for housing (and for which arealformål), the share
/// adopted reguleringsplaner already cover, what is left to develop, plans in progress, constraint overlaps, the score
/// of the developable part with its explanation, the parcels and owners, the Tomte sites it overlaps, and its map.
/// </summary>
/// <param name="Score">Null when no part of the tip is unregulated housing land (nothing to score).</param>
public sealed record TipAssessment(
    ResolvedTip Tip,
    string Kommunenummer,
    string? Kommunenavn,
    double ArealDaa,
    double SonertAndel,
    IReadOnlyList<FormalShare> Formal,
    double RegulertAndel,
    double UtviklbarDaa,
    int? EstBoliger,
    IReadOnlyList<PlanInProgress> Planer,
    IReadOnlyList<string> Konflikter,
    SiteScore? Score,
    IReadOnlyList<TipParcel> Eiendommer,
    int EierAntall,
    IReadOnlyList<MatchingSite> Tomter,
    byte[]? Kart,
    TimeSpan Duration)
{
    public Geometry Geometry => Tip.Geometry;
}
