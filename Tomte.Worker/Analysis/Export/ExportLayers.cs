namespace Tomte.Worker.Analysis.Export;

/// <summary>
/// One exported layer: a view of migration 0031 (analysis.v_*), written as a GeoPackage table or a GeoJSON file of
/// the same name. Every view has a kommunenummer column (the <c>--kommune</c> filter) and a geom in EPSG:25833 of
/// the layer's <see cref="ExportLayer.GeometryType"/> (MultiPolygon, the roads MultiLineString).
/// </summary>
/// <param name="Name">Layer (table, file) name in Norwegian, ASCII.</param>
/// <param name="View">The view in schema analysis.</param>
/// <param name="Key">Column the rows are ordered by, so the same data writes the same file.</param>
/// <param name="Title">gpkg_contents.identifier: what QGIS shows as the layer's title.</param>
/// <param name="GeometryType">The GeoPackage geometry type name of the view's geom.</param>
public sealed record ExportLayer(string Name, string View, string Key, string Title, string Description, string GeometryType = "MULTIPOLYGON");

public static class ExportLayers
{
    public const int Srid = 25833;

    public static IReadOnlyList<ExportLayer> All { get; } =
    [
        new("tomter", "v_tomter", "tomte_id", "Tomter",
            "Utviklingsmuligheter: kommuneplanens boligformål minus vedtatte reguleringsplaner, med alle egenskaper (areal, boliger, endring, plansignaler, konflikter, hensynssoner, nærmeste holdeplass, teiger)."),
        new("tomter_borte", "v_tomter_borte", "tomte_id", "Tomter som er borte",
            "Tomter som ikke lenger finnes i analysen (regulert eller tatt ut av kommuneplanen); beholdes så historikken kan vise til dem."),
        new("verneomrader", "v_verneomrader", "id", "Verneområder", "Verneområder (Miljødirektoratet)."),
        new("flomsoner", "v_flomsoner", "id", "Flomsoner", "Flomsoner (NVE)."),
        new("kvikkleire", "v_kvikkleire", "id", "Kvikkleire", "Kvikkleiresoner (NVE)."),
        new("dyrka_mark", "v_dyrka_mark", "id", "Dyrka mark", "Dyrka mark (NIBIO AR5)."),
        new("kulturminner", "v_kulturminner", "id", "Kulturminner", "Kulturminner (Riksantikvaren)."),
        new("hensynssoner", "v_hensynssoner", "id", "Hensynssoner", "Hensynssoner fra kommuneplaner og reguleringsplaner."),
        new("vedtatte_reguleringsplaner", "v_vedtatte_reguleringsplaner", "id", "Vedtatte reguleringsplaner",
            "Reguleringsplanenes planområder med planstatus 3 (endelig vedtatt) eller 6 (vedtatt med utsatt rettsvirkning)."),
        new("planarbeid", "v_planarbeid", "id", "Planarbeid pågår",
            "Reguleringsplaner igangsatt eller på forslag (planstatus 1/2) og varslet planlegging: noen andre planlegger her."),
        new("kommuneplan_bolig", "v_kommuneplan_bolig", "id", "Kommuneplanens boligformål",
            "Kommuneplanens arealformål 1110 boligbebyggelse (og 1130 sentrum, 1800 kombinert, som må vurderes), framtidig: utgangspunktet for analysen."),
        new("veger", "v_veger", "id", "Veger",
            "Vegnettet (NVDB senterlinjer) med vegkategori; offentlig = E, R, F og K, som avstanden fra tomt til nærmeste vei måles til.",
            "MULTILINESTRING"),
    ];
}
