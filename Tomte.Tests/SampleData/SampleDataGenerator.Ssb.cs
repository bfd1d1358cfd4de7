using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tomte.Tests.SampleData;

/// <summary>
/// The bundled SYNTHETIC SSB answers (SampleData/ssb): PxWebApi v2 json-stat2 metadata and data for the four tables
/// Tomte reads, the table search, and Klass changes and sentralitet correspondence, in the formats of the recorded
/// samples (docs/SOURCES.md), with invented figures for the pilot kommuner. Years before the 2024 reform are published
/// under the old numbers (3020, 3023, 3021), some cells carry SSB's missing-value symbols, and the search finds an
/// older projection table besides the newest, so the demo shows renumbering, gaps and the table choice.
/// </summary>
public sealed partial class SampleDataGenerator
{
    public const string SsbFolder = "ssb";

    private const string SsbUpdated = "2025-06-02T06:00:00Z";

    // Current number, its 2020-2023 number, name, synthetic population 2025, growth per year.
    private static readonly (string Code, string Old, string Name, int Population, double Growth)[] SsbKommuner =
    [
        ("3207", "3020", "Nordre Follo", 62_480, 0.014),
        ("3212", "3023", "Nesodden", 20_310, 0.006),
        ("3218", "3021", "Ås", 22_150, 0.019),
    ];

    private static void WriteSsb(string folder)
    {
        Directory.CreateDirectory(folder);
        var regions = SsbKommuner.SelectMany(k => new[] { (k.Code, k.Name), (k.Old, k.Name + " (2020-2023)") }).ToArray();

        // 07459: population by year; before 2024 under the old number, "." on the number not yet in use.
        int[] years = [2020, 2021, 2022, 2023, 2024, 2025];
        var population = new List<(double? Value, string? Status)>();
        foreach (var (code, _) in regions)
        {
            var kommune = SsbKommuner.First(k => k.Code == code || k.Old == code);
            var current = code == kommune.Code;
            foreach (var year in years)
            {
                var inUse = current ? year >= 2024 : year < 2024;
                population.Add(inUse ? (Math.Round(kommune.Population / Math.Pow(1 + kommune.Growth, 2025 - year)), null) : (null, "."));
            }
        }
        var populationDimensions = new[]
        {
            Dim("Region", "region", regions, elimination: true),
            Dim("Kjonn", "kjønn", [("1", "Menn"), ("2", "Kvinner")], elimination: true),
            Dim("Alder", "alder", [("999", "Alle aldre")], elimination: true, eliminationCode: "999"),
            Dim("ContentsCode", "statistikkvariabel", [("Personer1", "Personer")], elimination: false),
            Dim("Tid", "år", years.Select(y => (y.ToString(), y.ToString())).ToArray(), elimination: false),
        };
        WriteJsonStat(folder, "07459", "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år (SYNTETISK)", populationDimensions, null);
        WriteJsonStat(folder, "07459", "07459: Befolkning, etter region, statistikkvariabel og år (SYNTETISK)",
            [populationDimensions[0], populationDimensions[2] with { Codes = [("999", "Alle aldre")] }, populationDimensions[3], populationDimensions[4]], population);

        // 14288: the newest projection; the main alternative (MMMM) for 2030 and 2040 under the current numbers.
        var projectionYears = new[] { 2025, 2030, 2035, 2040, 2045, 2050 };
        var projectionRegions = SsbKommuner.Select(k => (k.Code, k.Name)).ToArray();
        var projectionDimensions = new[]
        {
            Dim("Region", "region", projectionRegions, elimination: true),
            Dim("Kjonn", "kjønn", [("1", "Menn"), ("2", "Kvinner")], elimination: true),
            Dim("ContentsCode", "statistikkvariabel", [("Personer", "Hovedalternativet (MMMM)"), ("PersonerLLML", "Lav nasjonal vekst (LLML)"), ("PersonerHHMH", "Høy nasjonal vekst (HHMH)")], elimination: false),
            Dim("Tid", "år", projectionYears.Select(y => (y.ToString(), y.ToString())).ToArray(), elimination: false),
        };
        WriteJsonStat(folder, "14288", "14288: Framskrevet folkemengde 1. januar, etter region, kjønn, statistikkvariabel og år (SYNTETISK)", projectionDimensions, null);
        var projected = SsbKommuner.SelectMany(k => new[] { 2030, 2040 }.Select(y => ((double?)Math.Round(k.Population * Math.Pow(1 + (k.Growth * 0.8), y - 2025)), (string?)null))).ToList();
        WriteJsonStat(folder, "14288", "14288: Framskrevet folkemengde 1. januar, etter region, statistikkvariabel og år (SYNTETISK)",
            [projectionDimensions[0], projectionDimensions[2] with { Codes = [("Personer", "Hovedalternativet (MMMM)")] }, projectionDimensions[3] with { Codes = [("2030", "2030"), ("2040", "2040")] }], projected);

        // 05940: housing starts, all building types; Nesodden's 2024 is not yet available ("..").
        var startYears = new[] { 2022, 2023, 2024 };
        var startDimensions = new[]
        {
            Dim("Region", "region", regions, elimination: false),
            Dim("Byggeareal", "bygningstype", [("111", "Eneboliger"), ("121", "Tomannsboliger"), ("999", "Alle bygningstyper")], elimination: false),
            Dim("ContentsCode", "statistikkvariabel", [("IgangBoliger", "Igangsatte boliger"), ("FullfBoliger", "Fullførte boliger")], elimination: false),
            Dim("Tid", "år", startYears.Select(y => (y.ToString(), y.ToString())).ToArray(), elimination: false),
        };
        WriteJsonStat(folder, "05940", "05940: Boliger, etter region, bygningstype, statistikkvariabel og år (SYNTETISK)", startDimensions, null);
        var starts = new List<(double? Value, string? Status)>();
        foreach (var (code, _) in regions)
        {
            var kommune = SsbKommuner.First(k => k.Code == code || k.Old == code);
            foreach (var year in startYears)
            {
                var inUse = code == kommune.Code ? year >= 2024 : year < 2024;
                starts.Add(!inUse ? (null, ".") : code == "3212" && year == 2024 ? (null, "..") : (Math.Round(kommune.Population * kommune.Growth * 0.45) + (year - 2022) * 7, null));
            }
        }
        WriteJsonStat(folder, "05940", "05940: Boliger, etter region, bygningstype, statistikkvariabel og år (SYNTETISK)",
            [startDimensions[0], startDimensions[1] with { Codes = [("999", "Alle bygningstyper")] }, startDimensions[2] with { Codes = [("IgangBoliger", "Igangsatte boliger")] }, startDimensions[3]], starts);

        // 06944: median household income after tax; Ås 2023 is confidential (":").
        var incomeYears = new[] { 2021, 2022, 2023 };
        var incomeDimensions = new[]
        {
            Dim("Region", "region", regions, elimination: false),
            Dim("HusholdType", "husholdningstype", [("0000", "Alle husholdninger"), ("0001", "Aleneboende")], elimination: false),
            Dim("ContentsCode", "statistikkvariabel", [("InntSkatt", "Inntekt etter skatt, median (kr)"), ("SamletInntekt", "Samlet inntekt, median (kr)")], elimination: false),
            Dim("Tid", "år", incomeYears.Select(y => (y.ToString(), y.ToString())).ToArray(), elimination: false),
        };
        WriteJsonStat(folder, "06944", "06944: Inntekter for husholdninger, etter region, husholdningstype, statistikkvariabel og år (SYNTETISK)", incomeDimensions, null);
        var income = new List<(double? Value, string? Status)>();
        foreach (var (code, _) in regions)
        {
            var kommune = SsbKommuner.First(k => k.Code == code || k.Old == code);
            foreach (var year in incomeYears)
            {
                var baseIncome = 640_000 + (kommune.Population % 97) * 1_000 + (year - 2021) * 21_000;
                income.Add(code == kommune.Code ? (null, ".") : code == "3021" && year == 2023 ? (null, ":") : (baseIncome, null));
            }
        }
        WriteJsonStat(folder, "06944", "06944: Inntekter for husholdninger, etter region, husholdningstype, statistikkvariabel og år (SYNTETISK)",
            [incomeDimensions[0], incomeDimensions[1] with { Codes = [("0000", "Alle husholdninger")] }, incomeDimensions[2] with { Codes = [("InntSkatt", "Inntekt etter skatt, median (kr)")] }, incomeDimensions[3]], income);

        WriteSsbTables(folder);
        WriteKlass(folder);
    }

    private sealed record SsbDimension(string Id, string Label, (string Code, string Label)[] Codes, bool Elimination, string? EliminationCode);

    private static SsbDimension Dim(string id, string label, (string, string)[] codes, bool elimination, string? eliminationCode = null) =>
        new(id, label, codes, elimination, eliminationCode);

    /// <summary>A PxWebApi v2 json-stat2 body: metadata (no values) when <paramref name="cells"/> is null, else the data answer.</summary>
    private static void WriteJsonStat(string folder, string table, string label, SsbDimension[] dimensions, List<(double? Value, string? Status)>? cells)
    {
        var dimension = new JsonObject();
        foreach (var d in dimensions)
        {
            var index = new JsonObject();
            var labels = new JsonObject();
            for (var i = 0; i < d.Codes.Length; i++)
            {
                index[d.Codes[i].Code] = i;
                labels[d.Codes[i].Code] = d.Codes[i].Label;
            }
            var extension = new JsonObject { ["elimination"] = d.Elimination, ["show"] = "value" };
            if (d.EliminationCode is not null)
            {
                extension["eliminationValueCode"] = d.EliminationCode;
            }
            dimension[d.Id] = new JsonObject { ["label"] = d.Label, ["category"] = new JsonObject { ["index"] = index, ["label"] = labels }, ["extension"] = extension };
        }
        var root = new JsonObject
        {
            ["version"] = "2.0",
            ["class"] = "dataset",
            ["label"] = label,
            ["source"] = "Statistisk sentralbyrå",
            ["updated"] = SsbUpdated,
            ["note"] = new JsonArray(SyntheticNote),
            ["role"] = new JsonObject { ["time"] = new JsonArray("Tid"), ["metric"] = new JsonArray("ContentsCode"), ["geo"] = new JsonArray("Region") },
            ["id"] = new JsonArray(dimensions.Select(d => (JsonNode)d.Id).ToArray()),
            ["size"] = new JsonArray(dimensions.Select(d => (JsonNode)d.Codes.Length).ToArray()),
            ["dimension"] = dimension,
            ["extension"] = new JsonObject { ["px"] = new JsonObject { ["tableid"] = table, ["language"] = "no", ["decimals"] = 0, ["official-statistics"] = true } },
            ["value"] = new JsonArray((cells ?? []).Select(c => c.Value is { } v ? (JsonNode)v : null).ToArray()),
        };
        if (cells is not null && cells.Any(c => c.Status is not null))
        {
            var status = new JsonObject();
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i].Status is { } symbol)
                {
                    status[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = symbol;
                }
            }
            root["status"] = status;
        }
        WriteJson(Path.Combine(folder, $"{table}-{(cells is null ? "metadata" : "data")}.json"), root);
    }

    private static void WriteSsbTables(string folder)
    {
        JsonObject Table(string id, string label, string updated, string first, string last, params string[] variables) => new()
        {
            ["type"] = "Table",
            ["id"] = id,
            ["label"] = label,
            ["description"] = "",
            ["updated"] = updated,
            ["firstPeriod"] = first,
            ["lastPeriod"] = last,
            ["category"] = "public",
            ["variableNames"] = new JsonArray(variables.Select(v => (JsonNode)v).ToArray()),
            ["source"] = "Statistisk sentralbyrå",
            ["subjectCode"] = "be",
            ["timeUnit"] = "Annual",
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["hreflang"] = "no", ["href"] = $"https://data.ssb.no/api/pxwebapi/v2/tables/{id}?lang=no" }),
        };
        var root = new JsonObject
        {
            ["language"] = "no",
            ["tables"] = new JsonArray(
                Table("14288", "14288: Framskrevet folkemengde 1. januar, etter region, kjønn, alder, statistikkvariabel og år (SYNTETISK)", SsbUpdated, "2024", "2050", "region", "kjønn", "alder", "statistikkvariabel", "år"),
                Table("13600", "13600: Framskrevet folkemengde 1. januar, etter region, kjønn, alder, statistikkvariabel og år (SYNTETISK, eldre)", "2022-06-21T06:00:00Z", "2022", "2050", "region", "kjønn", "alder", "statistikkvariabel", "år"),
                Table("12881", "12881: Framskrevet folkemengde, hele landet, etter kjønn og år (SYNTETISK)", "2024-06-11T06:00:00Z", "2024", "2100", "kjønn", "statistikkvariabel", "år")),
            ["page"] = new JsonObject { ["pageNumber"] = 1, ["pageSize"] = 100, ["totalElements"] = 3, ["totalPages"] = 1 },
            ["links"] = new JsonArray(),
        };
        WriteJson(Path.Combine(folder, "tables.json"), root);
    }

    private static void WriteKlass(string folder)
    {
        JsonObject Change(string oldCode, string oldName, string newCode, string newName, string date) => new()
        {
            ["oldCode"] = oldCode,
            ["oldName"] = oldName,
            ["oldShortName"] = "",
            ["newCode"] = newCode,
            ["newName"] = newName,
            ["newShortName"] = "",
            ["changeOccurred"] = date,
        };
        WriteJson(Path.Combine(folder, "klass-131-changes.json"), new JsonObject
        {
            ["codeChanges"] = new JsonArray(
                Change("0213", "Ski", "3020", "Nordre Follo", "2020-01-01"),
                Change("0217", "Oppegård", "3020", "Nordre Follo", "2020-01-01"),
                Change("0216", "Nesodden", "3023", "Nesodden", "2020-01-01"),
                Change("0214", "Ås", "3021", "Ås", "2020-01-01"),
                Change("3020", "Nordre Follo", "3207", "Nordre Follo", "2024-01-01"),
                Change("3023", "Nesodden", "3212", "Nesodden", "2024-01-01"),
                Change("3021", "Ås", "3218", "Ås", "2024-01-01")),
        });
        JsonObject Item(string code, string name, string klass, string label) => new()
        {
            ["sourceCode"] = code,
            ["sourceName"] = name,
            ["sourceShortName"] = "",
            ["targetCode"] = klass,
            ["targetName"] = label,
            ["targetShortName"] = "",
            ["validFrom"] = "2024-01-01",
            ["validTo"] = null,
        };
        WriteJson(Path.Combine(folder, "klass-131-correspondsAt-128.json"), new JsonObject
        {
            ["correspondenceItems"] = new JsonArray(
                Item("3207", "Nordre Follo", "2", "Nest mest sentrale kommuner (SYNTETISK)"),
                Item("3212", "Nesodden", "3", "Sentrale kommuner (SYNTETISK)"),
                Item("3218", "Ås", "3", "Sentrale kommuner (SYNTETISK)")),
        });
    }

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n", new UTF8Encoding(false));
}
