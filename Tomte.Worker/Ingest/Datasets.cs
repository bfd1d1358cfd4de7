using System.Globalization;

namespace Tomte.Worker.Ingest;

public enum GeometryKind
{
    Polygon,
    Point,

    /// <summary>Lines (roads): a MultiLineString in the table, Z dropped.</summary>
    Line,
}

public enum ColumnType
{
    Text,
    Integer,
    Date,
}

/// <summary>
/// One target column filled from the first property key present (aliases, because DiBK's API, SOSI GML and
/// GeoPackage exports do not always name an attribute the same way).
/// </summary>
/// <param name="Derive">Fallback when no key is present: computes the value from the whole feature.</param>
/// <param name="Clean">Normalizes a raw value before it is converted (SOSI writes hensyn codes as "H570").</param>
public sealed record ColumnMapping(
    string Column,
    ColumnType Type,
    bool Required,
    IReadOnlyList<string> Keys,
    Func<SourceFeature, object?>? Derive = null,
    Func<object, object>? Clean = null);

/// <summary>
/// A dataset: which features of a source it takes, the table they land in and how properties map onto columns.
/// Every table has load_id, kommunenummer, source_id and geom in EPSG:25833; a load swaps one (dataset, kommune).
/// </summary>
/// <param name="FeatureTypes">SOSI/WFS feature type names this dataset takes from a mixed source; empty = every feature.</param>
/// <param name="Scope">A fixed column value that shares a table between datasets (constraint kind, plan level).</param>
/// <param name="MayBeEmpty">Whether a load with no features for a kommune is real (no flood zones) rather than a broken source.</param>
/// <param name="TracksPlans">Whether loads record plan changes (added, removed, changed, planstatus transitions).</param>
/// <param name="OnePerKommune">The table holds one row per kommune (the border): the features are unioned.</param>
public sealed record Dataset(
    string Name,
    string Table,
    GeometryKind Geometry,
    string Description,
    IReadOnlyList<string> KommuneKeys,
    IReadOnlyList<ColumnMapping> Columns,
    IReadOnlyList<string> FeatureTypes,
    (string Column, string Value)? Scope = null,
    bool MayBeEmpty = false,
    bool TracksPlans = false,
    bool OnePerKommune = false)
{
    public static readonly IReadOnlyList<string> SourceIdKeys = ["identifikasjon.lokalId", "lokalId", "lokalid", "objektid", "id"];
}

/// <summary>The datasets Tomte knows, by the name the command line uses.</summary>
public static class Datasets
{
    private static readonly string[] PlanKommune = ["arealplanId.kommunenummer", "kommunenummer", "kommunenr"];
    private static readonly string[] PlainKommune = ["kommunenummer", "kommunenr", "kommune", "arealplanId.kommunenummer"];
    private static readonly string[] PlanId = ["arealplanId.planidentifikasjon", "planidentifikasjon", "planid"];

    private static ColumnMapping Text(string column, bool required, params string[] keys) => new(column, ColumnType.Text, required, keys);

    private static ColumnMapping Integer(string column, bool required, params string[] keys) => new(column, ColumnType.Integer, required, keys);

    private static ColumnMapping Date(string column, params string[] keys) => new(column, ColumnType.Date, false, keys);

    private static readonly string[] HensynCodeKeys =
    [
        "hensynskode", "hensynssonekode", "angittHensyn", "båndlegging", "detaljering", "fare", "faresone", "gjennomføring",
        "infrastruktur", "sikring", "støy", "hensyn",
    ];

    private static Dataset Hensyn(string name, string level, string description) => new(
        name, "plan.hensynssone", GeometryKind.Polygon, description, PlanKommune,
        [
            Text("planidentifikasjon", false, PlanId),
            new ColumnMapping("kind", ColumnType.Text, true, ["hensynssonetype", "kind"], HensynKind),
            new ColumnMapping("code", ColumnType.Integer, false, HensynCodeKeys, Clean: v => v is string s ? s.Trim().TrimStart('H', 'h') : v),
        ],
        level == "KP"
            ? ["KpAngittHensynSone", "KpBåndleggingSone", "KpDetaljeringSone", "KpFareSone", "KpGjennomføringSone", "KpInfrastrukturSone", "KpSikringSone", "KpStøySone"]
            : ["RpAngittHensynSone", "RpBåndleggingSone", "RpDetaljeringSone", "RpFareSone", "RpGjennomføringSone", "RpInfrastrukturSone", "RpSikringSone", "RpStøySone"],
        Scope: ("plannivå", level), MayBeEmpty: true);

    private static Dataset Constraint(string name, string kind, string description, params string[] featureTypes) => new(
        name, "ref.constraint_area", GeometryKind.Polygon, description, PlainKommune,
        [Text("name", false, "navn", "områdenavn", "omradenavn", "objektnavn", "name", "hensynSonenavn")],
        featureTypes, Scope: ("kind", kind), MayBeEmpty: true);

    public static IReadOnlyList<Dataset> All { get; } =
    [
        new("kp-arealformal", "plan.kp_arealformal", GeometryKind.Polygon, "Kommuneplanens arealformål (KpArealformålOmråde)", PlanKommune,
            [
                Text("planidentifikasjon", false, PlanId),
                Integer("arealformal", true, "arealformål", "arealformal", "formål"),
                Integer("arealbruksstatus", false, "arealbruksstatus"),
                Text("beskrivelse", false, "beskrivelse", "formålsbeskrivelse", "feltnavn"),
            ],
            ["KpArealformålOmråde"]),
        new("kp-planomrade", "plan.kp_planomrade", GeometryKind.Polygon, "Kommuneplanens planområde (KpOmråde)", PlanKommune,
            [
                Text("planidentifikasjon", true, PlanId),
                Text("plannavn", false, "plannavn"),
                Integer("plantype", false, "plantype"),
                Integer("planstatus", true, "planstatus"),
                Date("ikrafttredelsesdato", "ikrafttredelsesdato"),
            ],
            ["KpOmråde"], TracksPlans: true),
        new("rp-planomrade", "plan.rp_planomrade", GeometryKind.Polygon, "Reguleringsplanenes planområde (RpOmråde)", PlanKommune,
            [
                Text("planidentifikasjon", true, PlanId),
                Text("plannavn", false, "plannavn"),
                Integer("plantype", false, "plantype"),
                Integer("planstatus", true, "planstatus"),
                Integer("vertikalniva", false, "vertikalnivå", "vertikalniva"),
                Date("ikrafttredelsesdato", "ikrafttredelsesdato"),
            ],
            ["RpOmråde"], TracksPlans: true),
        Hensyn("kp-hensynssoner", "KP", "Kommuneplanens hensynssoner"),
        Hensyn("rp-hensynssoner", "RP", "Reguleringsplanenes hensynssoner"),
        new("planlegging-igangsatt", "plan.planlegging_igangsatt", GeometryKind.Polygon, "Planlegging igangsatt og planforslag (RpOmråde, planstatus 1/2)", PlanKommune,
            [
                Text("planidentifikasjon", true, PlanId),
                Text("plannavn", false, "plannavn"),
                Integer("planstatus", false, "planstatus"),
            ],
            ["RpOmråde", "RpPlanlegging", "PlanleggingIgangsatt"], MayBeEmpty: true, TracksPlans: true),
        new("teig", "ref.teig", GeometryKind.Polygon, "Matrikkelens teiger (Teig)", PlainKommune,
            [
                new ColumnMapping("gnr", ColumnType.Integer, true, ["gardsnummer", "gnr"], f => MatrikkelPart(f, 0)),
                new ColumnMapping("bnr", ColumnType.Integer, true, ["bruksnummer", "bnr"], f => MatrikkelPart(f, 1)),
                new ColumnMapping("fnr", ColumnType.Integer, true, ["festenummer", "fnr"], f => MatrikkelPart(f, 2) ?? 0L),
                new ColumnMapping("snr", ColumnType.Integer, true, ["seksjonsnummer", "snr"], f => MatrikkelPart(f, 3) ?? 0L),
                // Kept as published: a teig shared by several matrikkelenheter lists them all (owners overlay, issue 11).
                Text("matrikkelnummertekst", false, "matrikkelnummertekst", "matrikkelnummerTekst"),
            ],
            ["Teig"]),
        new("kommune", "ref.kommune", GeometryKind.Polygon, "Kommunegrenser (Kommune)", PlainKommune,
            [Text("navn", true, "kommunenavn", "navn", "navnerom.navn", "name")],
            ["Kommune"], OnePerKommune: true),
        Constraint("verneomrader", "verneomrade", "Verneområder (Miljødirektoratet)", "Naturvernområde", "Verneområde"),
        Constraint("flomsoner", "flomsone", "Flomsoner (NVE)", "Flomsone", "FlomAreal"),
        Constraint("kvikkleire", "kvikkleire", "Kvikkleire faresoner (NVE)", "KvikkleireFaresone", "Faresone"),
        Constraint("dyrka-mark", "dyrka_mark", "Dyrka mark, AR5 (NIBIO)", "ArealressursFlate", "DyrkaMark"),
        Constraint("kulturminner", "kulturminne", "Kulturminner (Riksantikvaren)", "Kulturminne", "Lokalitet", "Enkeltminne"),
        // NeTEx (NetexStopPlaceReader) gives name, transportMode and kommunenummer from the KVE TopographicPlaceRef;
        // the source id is the NSR id. Stops without a kommune take --kommune.
        new("stoppesteder", "ref.stop_place", GeometryKind.Point, "Holdeplasser (Entur, NeTEx StopPlace)", PlainKommune,
            [
                Text("name", false, "navn", "name", "Name"),
                Text("transport_mode", false, "transportMode", "transportmodus", "TransportMode", "vehicleMode"),
            ],
            ["StopPlace", "Stoppested"], MayBeEmpty: true),
        // NVDB's vegnett (segmentert per kommune) flattens to vegsystemreferanse.vegsystem.*; a file may name them plainly.
        new("veg", "ref.road", GeometryKind.Line, "Vegnett, senterlinjer med vegkategori (Statens vegvesen NVDB)", ["kommune", "kommunenummer", "kommunenr"],
            [
                new ColumnMapping("vegkategori", ColumnType.Text, true, ["vegsystemreferanse.vegsystem.vegkategori", "vegkategori", "vegsystem.vegkategori"],
                    Clean: v => Vegkategorier.Parse(v)),
                Integer("vegnummer", false, "vegsystemreferanse.vegsystem.nummer", "vegnummer", "vegsystem.nummer"),
            ],
            ["Veglenke", "VegSenterlinje", "Vegsenterlinje", "Veg"]),
    ];

    public static bool TryFind(string name, out Dataset dataset)
    {
        dataset = All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return dataset is not null;
    }

    /// <summary>The dataset by name, or an error listing the names there are.</summary>
    public static Dataset Find(string name) =>
        TryFind(name, out var dataset)
            ? dataset
            : throw new UnknownDatasetException(name);

    // SOSI names the zone kind through the feature type (KpFareSone); the H-code's hundreds digit says the same
    // (H310 fare), so a flat export that lost the type still maps.
    private static object? HensynKind(SourceFeature feature)
    {
        var type = FeatureTypeFilter.TypeOf(feature);
        if (type is not null)
        {
            foreach (var kind in (string[])["angitt hensyn", "båndlegging", "detaljering", "fare", "gjennomføring", "infrastruktur", "sikring", "støy"])
            {
                var needle = kind.Replace(" ", "", StringComparison.Ordinal);
                if (type.Contains(needle, StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }
        }
        var code = FeatureMapper.FirstValue(feature, HensynCodeKeys);
        if (code is null || !long.TryParse(Convert.ToString(code, CultureInfo.InvariantCulture)?.TrimStart('H', 'h'), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        return (number / 100) switch
        {
            1 => "sikring",
            2 => "støy",
            3 => "fare",
            4 => "infrastruktur",
            5 => "angitt hensyn",
            6 => "angitt hensyn",
            7 => "båndlegging",
            8 => "gjennomføring",
            9 => "detaljering",
            _ => null,
        };
    }

    // matrikkelnummertekst is "gnr/bnr/fnr/snr" (sometimes with a "3218-" kommune prefix).
    private static long? MatrikkelPart(SourceFeature feature, int part)
    {
        if (FeatureMapper.FirstValue(feature, ["matrikkelnummertekst", "matrikkelnummer"]) is not string text)
        {
            return null;
        }
        // A teig shared by several matrikkelenheter lists them ("5/1, 5/2"); the columns take the first, the owners overlay all.
        text = text.Split(',', 2)[0];
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var parts = text[(dash + 1)..].Split('/', StringSplitOptions.TrimEntries);
        return part < parts.Length && long.TryParse(parts[part], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}

public sealed class UnknownDatasetException : Exception
{
    public UnknownDatasetException(string name)
        : base($"ukjent datasett '{name}'; kjente datasett: {string.Join(", ", Datasets.All.Select(d => d.Name))}")
    {
        Name = name;
    }

    public UnknownDatasetException() => Name = "";

    public UnknownDatasetException(string message, Exception innerException) : base(message, innerException) => Name = "";

    public string Name { get; }
}
