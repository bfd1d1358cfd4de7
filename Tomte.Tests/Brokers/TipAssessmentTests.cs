using Tomte.Tests.Analysis;
using Tomte.Worker.Analysis.Scoring;
using Tomte.Worker.Brokers;

namespace Tomte.Tests.Brokers;

/// <summary>Assessments of hand-computed tips on real PostGIS, and every kind of bad input with its Norwegian message.</summary>
public sealed class TipAssessmentTests(TipScenario scenario) : IClassFixture<TipScenario>
{
    private Task<TipAssessment> AssessAsync(string argument) =>
        scenario.Get<TipAssessor>().AssessAsync(TipInput.FromArgument(argument), "Vurdering", CancellationToken.None);

    [Fact]
    public async Task A_parcel_wholly_in_framtidig_bolig_and_unregulated_is_all_developable_scored_and_matches_its_site()
    {
        var a = await AssessAsync("3218-1/1");

        Assert.Equal("teig 3218-1/1", a.Tip.Beskrivelse);
        Assert.Equal("3218", a.Kommunenummer);
        Assert.Equal(20.0, a.ArealDaa, 6);                       // 200 m × 100 m
        Assert.Equal(1.0, a.SonertAndel, 6);
        Assert.Equal([new FormalShare(1110, 1.0)], a.Formal.Select(f => f with { Andel = Math.Round(f.Andel, 6) }));
        Assert.Equal(0.0, a.RegulertAndel, 6);
        Assert.Equal(20.0, a.UtviklbarDaa, 6);
        Assert.Equal(50, a.EstBoliger);                           // 20,000 m² / 400 m² per bolig
        Assert.Empty(a.Planer);
        Assert.Empty(a.Konflikter);
        var score = Assert.IsType<SiteScore>(a.Score);
        Assert.Equal(20.0, score.Components.Single(c => c.Component == ScoreComponent.Storrelse).Raw!.Value, 6);
        Assert.Equal(0.0, score.Components.Single(c => c.Component == ScoreComponent.Konfliktfrihet).Raw!.Value, 6);
        var site = Assert.Single(a.Tomter);
        Assert.Equal((1.0, 1.0), (Math.Round(site.AndelAvInnspill, 6), Math.Round(site.AndelAvTomt, 6)));
        var parcel = Assert.Single(a.Eiendommer);
        Assert.Equal(("3218-1/1", 1.0), (parcel.Matrikkelnummer, Math.Round(parcel.Andel, 6)));
        Assert.NotNull(a.Kart);
        Assert.Contains("Sonert til bolig:    100 % (100 % boligbebyggelse (1110))", TipReport.Format(a), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parcel_wholly_covered_by_an_adopted_plan_is_regulated_has_nothing_to_develop_and_is_not_scored()
    {
        var a = await AssessAsync("3218-2/1");

        Assert.Equal(1.0, a.SonertAndel, 6);
        Assert.Equal(1.0, a.RegulertAndel, 6);
        Assert.Equal(0.0, a.UtviklbarDaa, 6);
        Assert.Null(a.EstBoliger);
        Assert.Null(a.Score);
        Assert.Empty(a.Tomter);
        Assert.StartsWith("Ikke scoret: boligformålet i innspillet er allerede dekket av vedtatte reguleringsplaner", TipReport.Forklaring(a), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parcel_half_in_a_flood_zone_shows_the_half_and_scores_it_as_a_conflict()
    {
        var a = await AssessAsync("3218-3/1");

        Assert.Equal(["50 % av tomten i flomsone"], a.Konflikter);
        var score = Assert.IsType<SiteScore>(a.Score);
        Assert.Equal(0.5, score.Components.Single(c => c.Component == ScoreComponent.Konfliktfrihet).Raw!.Value, 4);
        Assert.Contains("50 % i flomsone", score.Sentence, StringComparison.Ordinal);
        Assert.Equal(1.0, a.SonertAndel, 6);
    }

    [Fact]
    public async Task A_pasted_polygon_is_assessed_as_it_is_whether_in_EPSG_25833_or_as_geojson()
    {
        // The eastern half of teig 3218-1/1 and, as GeoJSON, the same rectangle.
        var wkt = AnalysisScenario.Local(AnalysisScenario.Rect(100, 0, 200, 100)).AsText();
        var a = await AssessAsync(wkt);
        Assert.Equal(("innlimt polygon", 10.0, 1.0), (a.Tip.Beskrivelse, Math.Round(a.ArealDaa, 6), Math.Round(a.SonertAndel, 6)));

        var c = AnalysisScenario.Local(AnalysisScenario.Rect(100, 0, 200, 100)).Coordinates;
        var ring = string.Join(",", c.Select(p => FormattableString.Invariant($"[{p.X},{p.Y}]")));
        var geojson = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]}}";
        var b = await AssessAsync(geojson);
        Assert.Equal(10.0, Math.Round(b.ArealDaa, 6));
    }

    [Theory]
    [InlineData("3218-999/1", TipProblem.UnknownMatrikkelnummer, "Fant ikke 3218-999/1 i eiendomskartet")]
    [InlineData("3218-1/1, 3218-999/1", TipProblem.UnknownMatrikkelnummer, "Fant ikke 3218-999/1 i eiendomskartet")]
    [InlineData("POLYGON((100000 100000, 100100 100000, 100100 100100, 100000 100000))", TipProblem.OutsideKommuner, "Polygonet ligger utenfor alle innlastede kommuner")]
    [InlineData("POLYGON((0 0, 10 0, 10 10", TipProblem.InvalidWkt, "Ugyldig WKT: ")]
    [InlineData("Finnesikkeveien 999, Ås", TipProblem.AddressNotFound, "Fant ikke adressen «Finnesikkeveien 999, Ås» i Kartverkets adresseregister")]
    [InlineData("{\"type\": \"Polygon\", \"coordinates\": [[[0, 0]]", TipProblem.InvalidGeoJson, "Ugyldig GeoJSON: ")]
    public async Task Bad_input_is_refused_with_a_clear_Norwegian_message(string argument, TipProblem problem, string message)
    {
        var error = await Assert.ThrowsAsync<TipInputException>(() => AssessAsync(argument));
        Assert.Equal(problem, error.Problem);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_is_resolved_through_Kartverkets_address_api_to_the_parcel_it_lies_on()
    {
        var a = await AssessAsync("Myrvollveien 5C");

        Assert.Equal("adressen Myrvollveien 5C (3207-243/898)", a.Tip.Beskrivelse);
        Assert.Equal("3207", a.Kommunenummer);
        Assert.Equal(10.0, a.ArealDaa, 6);
        Assert.Equal(0.0, a.SonertAndel, 6);
        Assert.Null(a.Score);
        Assert.Contains(scenario.Addresses.Requests, r => r.Path == "/adresser/v1/sok" && r.Query.Contains("sok=Myrvollveien%205C", StringComparison.Ordinal));
    }
}
