using Tomte.Worker.Analysis.Scoring;

namespace Tomte.Tests.Analysis.Scoring;

/// <summary>
/// The seven-part model against points computed by hand from the documented default scales (README, "Score"):
/// each component at both ends of its scale, in the middle, outside it (clamped) and unknown (neutral 50).
/// </summary>
public sealed class SiteScorerGoldenTests
{
    private static readonly ScoringOptions Defaults = new();

    private static readonly Dictionary<string, double> None = [];

    private static SiteInputs Site(double arealDaa = 10.5, int? boliger = 50, double? stopp = 1100, int? klasse = null, double? vei = 262.5,
        Dictionary<string, double>? konflikter = null, Dictionary<string, double>? hensyn = null, double? vilje = 3, int eiere = 0) =>
        new("3218-0042", "3218", arealDaa, boliger, stopp, klasse, vei, konflikter ?? None, hensyn ?? None, vilje, eiere);

    private static double Points(SiteScore score, ScoreComponent component) => score.Components.Single(c => c.Component == component).Points;

    [Theory]
    // areal_daa on 1 (0 p) .. 20 (100 p)
    [InlineData(ScoreComponent.Storrelse, 1.0, 0)]
    [InlineData(ScoreComponent.Storrelse, 10.5, 50)]
    [InlineData(ScoreComponent.Storrelse, 20.0, 100)]
    [InlineData(ScoreComponent.Storrelse, 0.5, 0)]
    [InlineData(ScoreComponent.Storrelse, 300.0, 100)]
    // est. boliger on 0 .. 100
    [InlineData(ScoreComponent.Kapasitet, 0, 0)]
    [InlineData(ScoreComponent.Kapasitet, 50, 50)]
    [InlineData(ScoreComponent.Kapasitet, 100, 100)]
    [InlineData(ScoreComponent.Kapasitet, 1300, 100)]
    // metres to the nearest stop on 2000 .. 200
    [InlineData(ScoreComponent.Sentralitet, 2000, 0)]
    [InlineData(ScoreComponent.Sentralitet, 1100, 50)]
    [InlineData(ScoreComponent.Sentralitet, 200, 100)]
    [InlineData(ScoreComponent.Sentralitet, 5000, 0)]
    [InlineData(ScoreComponent.Sentralitet, 0, 100)]
    // metres to the nearest public road on 500 .. 25
    [InlineData(ScoreComponent.Infrastruktur, 500, 0)]
    [InlineData(ScoreComponent.Infrastruktur, 262.5, 50)]
    [InlineData(ScoreComponent.Infrastruktur, 25, 100)]
    // kommunal vilje 1 .. 5
    [InlineData(ScoreComponent.KommunalVilje, 1, 0)]
    [InlineData(ScoreComponent.KommunalVilje, 3, 50)]
    [InlineData(ScoreComponent.KommunalVilje, 5, 100)]
    // distinct owners on 10 .. 1
    [InlineData(ScoreComponent.Eierstruktur, 10, 0)]
    [InlineData(ScoreComponent.Eierstruktur, 4, 66.667)]
    [InlineData(ScoreComponent.Eierstruktur, 1, 100)]
    [InlineData(ScoreComponent.Eierstruktur, 25, 0)]
    public void Each_component_reads_its_fixed_scale(ScoreComponent component, double raw, double expectedPoints)
    {
        var site = component switch
        {
            ScoreComponent.Storrelse => Site(arealDaa: raw),
            ScoreComponent.Kapasitet => Site(boliger: (int)raw),
            ScoreComponent.Sentralitet => Site(stopp: raw),
            ScoreComponent.Infrastruktur => Site(vei: raw),
            ScoreComponent.KommunalVilje => Site(vilje: raw),
            ScoreComponent.Eierstruktur => Site(eiere: (int)raw),
            _ => throw new ArgumentOutOfRangeException(nameof(component)),
        };

        Assert.Equal(expectedPoints, Points(SiteScorer.Score(site, Defaults), component), 3);
    }

    [Theory]
    // share under constraints and hensynssoner, added up, on 1 .. 0
    [InlineData(0.0, 0.0, 100)]
    [InlineData(0.3, 0.2, 50)]
    [InlineData(1.0, 0.0, 0)]
    [InlineData(0.8, 0.7, 0)]
    public void Konfliktfrihet_is_the_share_free_of_constraints_and_hensynssoner(double flomsone, double stoy, double expectedPoints)
    {
        var konflikter = flomsone > 0 ? new Dictionary<string, double> { ["flomsone"] = flomsone } : None;
        var hensyn = stoy > 0 ? new Dictionary<string, double> { ["støy"] = stoy } : None;

        var score = SiteScorer.Score(Site(konflikter: konflikter, hensyn: hensyn), Defaults);

        Assert.Equal(expectedPoints, Points(score, ScoreComponent.Konfliktfrihet), 3);
        Assert.False(score.HeltIVerneomrade);
    }

    [Fact]
    public void A_site_entirely_inside_a_verneomrade_gets_no_konfliktfrihet_points_and_is_flagged()
    {
        var inside = SiteScorer.Score(Site(konflikter: new() { ["verneomrade"] = 1.0 }), Defaults);
        var half = SiteScorer.Score(Site(konflikter: new() { ["verneomrade"] = 0.5 }), Defaults);

        Assert.Equal(0, Points(inside, ScoreComponent.Konfliktfrihet));
        Assert.True(inside.HeltIVerneomrade);
        Assert.Contains("hele tomten i verneområde", inside.Sentence, StringComparison.Ordinal);
        Assert.Equal(50, Points(half, ScoreComponent.Konfliktfrihet), 3);
        Assert.False(half.HeltIVerneomrade);
    }

    [Fact]
    public void The_kommunes_ssb_sentralitetsklasse_is_averaged_with_the_stop_distance()
    {
        // Stop at 200 m (100 p) and class 6 (0 p): 50. Class 1 alone (no stop known): 100. Class 3.5 is not a class; 3 is 60.
        Assert.Equal(50, Points(SiteScorer.Score(Site(stopp: 200, klasse: 6), Defaults), ScoreComponent.Sentralitet), 3);
        Assert.Equal(100, Points(SiteScorer.Score(Site(stopp: null, klasse: 1), Defaults), ScoreComponent.Sentralitet), 3);
        Assert.Equal(60, Points(SiteScorer.Score(Site(stopp: null, klasse: 3), Defaults), ScoreComponent.Sentralitet), 3);
    }

    [Fact]
    public void Unknown_inputs_score_neutral_and_the_sentence_says_so()
    {
        var score = SiteScorer.Score(Site(boliger: null, stopp: null, vei: null, vilje: null, eiere: 0), Defaults);

        foreach (var component in new[] { ScoreComponent.Kapasitet, ScoreComponent.Sentralitet, ScoreComponent.Infrastruktur, ScoreComponent.KommunalVilje, ScoreComponent.Eierstruktur })
        {
            Assert.Equal(50, Points(score, component));
            Assert.Null(score.Components.Single(c => c.Component == component).Raw);
        }
        Assert.Contains("avstand til vei ukjent", score.Sentence, StringComparison.Ordinal);
        Assert.Contains("kommunal vilje ikke satt", score.Sentence, StringComparison.Ordinal);
        Assert.Contains("eiere ikke kjent", score.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Best_worst_and_middle_sites_add_up_to_the_hand_computed_score()
    {
        var best = SiteScorer.Score(Site(arealDaa: 20, boliger: 100, stopp: 200, klasse: 1, vei: 25, vilje: 5, eiere: 1), Defaults);
        var worst = SiteScorer.Score(Site(arealDaa: 1, boliger: 0, stopp: 2000, klasse: 6, vei: 500, konflikter: new() { ["flomsone"] = 1.0 }, vilje: 1, eiere: 10), Defaults);
        // 50 points everywhere but eierstruktur (4 owners: 66.667): 0.9 × 50 + 0.1 × 66.667 = 51.67
        var middle = SiteScorer.Score(Site(konflikter: new() { ["flomsone"] = 0.3 }, hensyn: new() { ["støy"] = 0.2 }, eiere: 4), Defaults);

        Assert.Equal(100, best.Score);
        Assert.Equal(0, worst.Score);
        Assert.Equal(51.7, middle.Score);
        Assert.Equal(1.0, middle.Components.Sum(c => c.Weight), 9);
    }

    [Fact]
    public void The_sentence_explains_the_score_as_the_team_reads_it()
    {
        // 0.15 × 89.474 + 0.20 × 45 + 0.15 × 77.778 + 0.10 × 73.684 + 0.20 × 88 + 0.10 × 50 + 0.10 × 50 = 69.06
        var site = Site(arealDaa: 18, boliger: 45, stopp: 600, vei: 150, konflikter: new() { ["flomsone"] = 0.12 }, vilje: null, eiere: 0);

        var score = SiteScorer.Score(site, Defaults);

        Assert.Equal(69.1, score.Score);
        Assert.Equal("69 poeng: stor tomt (18 daa, ~45 boliger), 600 m til holdeplass, 150 m til vei, 12 % i flomsone, kommunal vilje ikke satt, eiere ikke kjent",
            score.Sentence);
        Assert.Equal("12 % i flomsone", score.Components.Single(c => c.Component == ScoreComponent.Konfliktfrihet).Explanation);
    }

    [Fact]
    public void Other_weights_move_the_score_as_configured()
    {
        var options = new ScoringOptions();
        options.Vekter.Storrelse = 0.5;
        options.Vekter.Kapasitet = 0.5;
        options.Vekter.Sentralitet = options.Vekter.Infrastruktur = options.Vekter.Konfliktfrihet = options.Vekter.KommunalVilje = options.Vekter.Eierstruktur = 0;

        // størrelse 100 (20 daa) and kapasitet 0 (0 boliger), half each
        Assert.Equal(50, SiteScorer.Score(Site(arealDaa: 20, boliger: 0), options).Score);
    }
}
