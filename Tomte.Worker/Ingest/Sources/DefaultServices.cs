namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// The providers' published services each dataset is fetched from by default, so that <c>tomte ingest</c> with no
/// arguments fetches every dataset. Addresses, layer names and attribute names were taken from the providers'
/// service descriptions where those could be found; the ones that could not be confirmed from documentation are
/// marked <c>UNCONFIRMED</c> here and in appsettings.sample.json, and should be checked against the service's
/// GetCapabilities / DescribeFeatureType (or <c>/collections</c>) before the first production run.
/// </summary>
public static class DefaultServices
{
    /// <summary>Kartverket, Administrative enheter WFS 2.0 (address: Geonorge kartkatalog, uuid 57c7fca8-…).</summary>
    public const string AdministrativeEnheter = "https://wfs.geonorge.no/skwms1/wfs.administrative_enheter";

    /// <summary>Namespace of app:Kommune in the 2024 data model (as published clients of the service read it).</summary>
    public const string AdministrativeEnheterNamespace = "https://skjema.geonorge.no/SOSI/produktspesifikasjon/AdmEnheter/20240101";

    /// <summary>Miljødirektoratet, ArcGIS service <c>vern</c> (its WMS is documented; the WFS beside it is UNCONFIRMED).</summary>
    public const string Verneomrader = "https://kart.miljodirektoratet.no/arcgis/services/vern/mapserver/WFSServer";

    /// <summary>NVE, ArcGIS service <c>Flomsoner2</c> (its WMS is documented; the WFS beside it is UNCONFIRMED).</summary>
    public const string NveFlomsoner = "https://kart.nve.no/enterprise/services/Flomsoner2/MapServer/WFSServer";

    /// <summary>NVE, ArcGIS service for faresoner kvikkleire (UNCONFIRMED service name and WFS).</summary>
    public const string NveKvikkleire = "https://kart.nve.no/enterprise/services/SkredKvikkleire2/MapServer/WFSServer";

    /// <summary>NIBIO MapServer WFS; <c>wfs.nibio.no/cgi-bin/{service}</c> is NIBIO's pattern, the <c>ar5</c> service name is UNCONFIRMED.</summary>
    public const string NibioAr5 = "https://wfs.nibio.no/cgi-bin/ar5";

    /// <summary>Riksantikvaren's OGC API Features (ldproxy); the service <c>LokaliteterEnkeltminnerOgSikringssoner</c> lies below it.</summary>
    public const string Riksantikvaren = "https://api.ra.no/";

    /// <summary>Entur's nightly national stop register export (NeTEx, "Entire Norway, current stops"), one XML file in a zip.</summary>
    public const string EnturStops = "https://storage.googleapis.com/marduk-production/tiamat/Current_latest.zip";

    /// <summary>
    /// Statens vegvesen, NVDB API Les. The host and the v4 path (<see cref="NvdbVegnettSource.SegmentedPath"/>) are
    /// UNCONFIRMED: no v4 answer was recorded; v3 and Uberiket answers from Vegvesen's own repositories were.
    /// </summary>
    public const string Nvdb = "https://nvdbapiles.atlas.vegvesen.no/";

    /// <summary>The endpoints under <c>Tomte:Sources:Endpoints</c> the default datasets use.</summary>
    public static Dictionary<string, SourceEndpointOptions> Endpoints() => new(StringComparer.OrdinalIgnoreCase)
    {
        // One kommune per request (property filter); its border is a single large feature.
        ["AdministrativeEnheter"] = new() { BaseUrl = AdministrativeEnheter, PageSize = 100 },
        ["Verneomrader"] = new() { BaseUrl = Verneomrader, PageSize = 1000 },
        ["NveFlomsoner"] = new() { BaseUrl = NveFlomsoner, PageSize = 1000 },
        ["NveKvikkleire"] = new() { BaseUrl = NveKvikkleire, PageSize = 1000 },
        ["NibioAr5"] = new() { BaseUrl = NibioAr5, PageSize = 5000 },
        ["Riksantikvaren"] = new() { BaseUrl = Riksantikvaren, PageSize = 1000 },
        ["EnturStops"] = new() { BaseUrl = EnturStops, PageSize = 1000 },
        ["Nvdb"] = new() { BaseUrl = Nvdb, PageSize = 1000 },
    };

    /// <summary>Each dataset's default service, by dataset name.</summary>
    public static Dictionary<string, DatasetSourceOptions> Datasets() => new(StringComparer.OrdinalIgnoreCase)
    {
        // Borders first (the runner orders them so): the bbox-filtered datasets below select a kommune by its border.
        ["kommune"] = new()
        {
            Kind = "wfs",
            Endpoint = "AdministrativeEnheter",
            TypeName = "app:Kommune",
            Namespace = AdministrativeEnheterNamespace,
            KommuneFilter = "property",
            KommunenummerProperty = "app:kommunenummer",
        },
        ["kp-planomrade"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "kommuneplaner", Collection = "kpomrade" },
        ["kp-arealformal"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "kommuneplaner", Collection = "kparealformalomrade" },
        ["rp-planomrade"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "reguleringsplaner/vn2", Collection = "rpomrade" },
        ["planlegging-igangsatt"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "reguleringsplanforslag/vn2", Collection = "rpomrade" },
        ["teig"] = new() { Kind = "wfs", Endpoint = "Teig", TypeName = "app:Teig", KommuneFilter = "bbox" },
        // The constraint layers name a kommune in ways the dataset cannot read (lists, names) or not at all: each is
        // selected by the border's bbox and keeps only the attributes below, so every feature lands in the kommune
        // it was fetched for.
        ["verneomrader"] = new()
        {
            Kind = "wfs",
            Endpoint = "Verneomrader",
            TypeName = "vern:naturvern_omrade",
            KommuneFilter = "bbox",
            Attributes = new(StringComparer.Ordinal) { ["navn"] = "navn", ["lokalId"] = "naturvernId" },
        },
        ["flomsoner"] = new()
        {
            Kind = "wfs",
            Endpoint = "NveFlomsoner",
            TypeName = "Flomsoner2:Flomsone_200arsflom",
            KommuneFilter = "bbox",
            Attributes = new(StringComparer.Ordinal) { ["navn"] = "elvNavn", ["lokalId"] = "flomsoneID" },
        },
        ["kvikkleire"] = new()
        {
            Kind = "wfs",
            Endpoint = "NveKvikkleire",
            TypeName = "SkredKvikkleire2:KvikkleireFaresone",
            KommuneFilter = "bbox",
            Attributes = new(StringComparer.Ordinal) { ["navn"] = "skredOmrNavn", ["lokalId"] = "skredOmrID" },
        },
        // Dyrka mark is AR5 arealtype 21 fulldyrka jord, 22 overflatedyrka jord and 23 innmarksbeite.
        ["dyrka-mark"] = new()
        {
            Kind = "wfs",
            Endpoint = "NibioAr5",
            TypeName = "ms:ar5",
            KommuneFilter = "bbox",
            Attributes = new(StringComparer.Ordinal) { ["lokalId"] = "lokalid" },
            Where = new(StringComparer.Ordinal) { ["arealtype"] = ["21", "22", "23"] },
        },
        ["kulturminner"] = new()
        {
            Kind = "ogcapi",
            Endpoint = "Riksantikvaren",
            ServicePath = "LokaliteterEnkeltminnerOgSikringssoner",
            Collection = "lokaliteter",
            KommuneFilter = "bbox",
            Attributes = new(StringComparer.Ordinal) { ["navn"] = "navn", ["lokalId"] = "lokalId" },
        },
        // The national file holds every kommune; each stop place names its kommune (KVE TopographicPlaceRef).
        ["stoppesteder"] = new() { Kind = "download", Endpoint = "EnturStops", KommuneFilter = "property" },
        // NVDB segments its network at kommune borders and filters by kommune itself.
        ["veg"] = new() { Kind = "nvdb", Endpoint = "Nvdb", KommuneFilter = "property" },
    };
}
