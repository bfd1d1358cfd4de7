using Tomte.Tests.Ingest.Sources;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Ssb;

namespace Tomte.Tests.Ingest.Ssb;

/// <summary>JSON-stat 2.0 as PxWebApi v2 answers it: recorded bodies (SCB's PxWebApi 2, the software SSB runs) and shaped ones.</summary>
public sealed class JsonStatTests
{
    private static JsonStatDataset Read(string file) => JsonStatDataset.Parse(File.ReadAllText(Fixtures.Path("ssb", file)), file);

    private static Dictionary<string, string> At(params (string Dimension, string Code)[] cells) =>
        cells.ToDictionary(c => c.Dimension, c => c.Code, StringComparer.Ordinal);

    [Fact]
    public void The_recorded_population_answer_has_its_six_dimensions_in_id_order_its_value_and_update_time()
    {
        var data = Read("pxwebapi-v2-data-TAB638-with-notes.scb-recorded.json");

        Assert.Equal(["Region", "Civilstand", "Alder", "Kon", "ContentsCode", "Tid"], data.Dimensions.Select(d => d.Id));
        Assert.Equal(50937, data.Value(At(("Region", "00"), ("Tid", "2024"))));
        Assert.Equal(new DateTimeOffset(2025, 2, 21, 7, 0, 0, TimeSpan.Zero), data.Updated);
        Assert.Equal("Tid", data.TimeDimension!.Id);
        Assert.Equal("ContentsCode", data.MetricDimension!.Id);
        Assert.True(data.Dimension("Region")!.Elimination);
        Assert.Equal("00", data.Dimension("Region")!.EliminationValueCode);
        Assert.Equal("Riket", data.Dimension("Region")!.LabelOf("00"));
    }

    [Fact]
    public void The_recorded_projection_answer_is_read_row_major_across_its_two_sexes()
    {
        var data = Read("pxwebapi-v2-data-TAB5974-projection.scb-recorded.json");

        Assert.Equal(["InrikesUtrikes", "Alder", "Kon", "ContentsCode", "Tid"], data.Dimensions.Select(d => d.Id));
        Assert.Equal(50080, data.Value(At(("Kon", "1"))));
        Assert.Equal(47361, data.Value(At(("Kon", "2"))));
        Assert.Null(data.Value(At(("Kon", "3"))));
        Assert.Throws<ArgumentException>(() => data.Value(At(("Tid", "2026"))));
    }

    [Fact]
    public void The_metadata_answer_has_every_category_and_no_values()
    {
        var metadata = Read("pxwebapi-v2-metadata-json-stat2.pxwebapi-testdata.json");

        Assert.Equal([14, 11, 1, 28], metadata.Dimensions.Select(d => d.Codes.Count));
        Assert.Equal("1990", metadata.Dimension("TIME")!.Codes[0]);
        Assert.Equal("2017", metadata.Dimension("TIME")!.Codes[^1]);
        Assert.False(metadata.Dimension("ContentsCode")!.Elimination);
        Assert.Null(metadata.Updated);
        Assert.Null(metadata.Value(At(("SECTOR", "0.1"), ("GREENHOUSEGAS", "CO2"), ("TIME", "1990"))));
    }

    [Fact]
    public void Missing_value_symbols_make_a_cell_missing_and_a_dash_is_zero()
    {
        var data = Read("shaped-07459-missing-values.json");

        // Region given as an array index, the others as objects; value row-major over Region × ContentsCode × Tid.
        Assert.Equal(["3020", "3207"], data.Dimension("Region")!.Codes);
        Assert.Equal(60120, data.Value(At(("Region", "3020"), ("Tid", "2023"))));
        Assert.Null(data.Value(At(("Region", "3020"), ("Tid", "2024"))));
        Assert.Null(data.Value(At(("Region", "3020"), ("Tid", "2025"))));
        Assert.Null(data.Value(At(("Region", "3207"), ("Tid", "2023"))));
        Assert.Equal(61890, data.Value(At(("Region", "3207"), ("Tid", "2024"))));
        Assert.Equal(0, data.Value(At(("Region", "3207"), ("Tid", "2025"))));
    }

    [Fact]
    public void A_body_whose_values_do_not_fill_its_sizes_is_refused_naming_the_source()
    {
        var body = File.ReadAllText(Fixtures.Path("ssb", "shaped-07459-missing-values.json")).Replace("61890,", "", StringComparison.Ordinal);

        var error = Assert.Throws<SourceFormatException>(() => JsonStatDataset.Parse(body, "07459-data"));

        Assert.Contains("07459-data", error.Message, StringComparison.Ordinal);
        Assert.Contains("'value' holds 5 cells; the sizes 2×1×3 make 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Klass_changes_fold_renumbered_kommuner_into_their_current_number()
    {
        // The recorded Klass body: renamings with the same code are not renumberings.
        var recorded = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Fixtures.Path("ssb", "klass-131-changes.ssb-klass-python-testdata.json")));
        var changes = recorded.RootElement.GetProperty("codeChanges").EnumerateArray()
            .Select(c => new KlassCodeChange(c.GetProperty("oldCode").GetString()!, c.GetProperty("newCode").GetString()!, null)).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal(["1942"], new KommuneRenumbering(changes).AllCodes("1942"));

        var renumbering = new KommuneRenumbering(
        [
            new("0213", "3020", null), new("0217", "3020", null), new("3020", "3207", null),
            // A split (1507 Ålesund into 1508 and 1580) cannot be apportioned and is not followed.
            new("1507", "1508", null), new("1507", "1580", null),
        ]);
        Assert.Equal(["3207", "3020", "0213", "0217"], renumbering.AllCodes("3207"));
        var values = new Dictionary<string, double?> { ["0213"] = 31_000, ["0217"] = 27_000, ["3020"] = null, ["3207"] = null, ["1507"] = 67_000 };
        Assert.Equal(58_000, renumbering.Value("3207", c => values.GetValueOrDefault(c)));
        values["3020"] = 60_000;
        Assert.Equal(60_000, renumbering.Value("3207", c => values.GetValueOrDefault(c)));
        Assert.Null(renumbering.Value("1508", c => values.GetValueOrDefault(c)));
    }
}
