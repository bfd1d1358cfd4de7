using System.Globalization;
using Microsoft.Extensions.Options;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Worker.Ingest;

/// <summary>Settings under <c>Tomte:Ingest</c>: what to load for which kommuner, and how geometry is cleaned.</summary>
public sealed class IngestOptions
{
    public const string Section = "Tomte:Ingest";

    /// <summary>Kommuner <c>tomte ingest</c> loads when none is given (the pilot: Nordre Follo, Nesodden, Ås).</summary>
    public List<string> Kommuner { get; set; } = [];

    /// <summary>Polygons smaller than this after repair are dropped as slivers (m²).</summary>
    public double SliverMinAreaSquareMetres { get; set; } = 1.0;

    /// <summary>Polygons thinner than this on average (2·area/perimeter) are dropped as slivers (m).</summary>
    public double SliverMinWidthMetres { get; set; } = 0.05;

    /// <summary>
    /// A feature straddling its kommune's border belongs to the kommune when at least this share of its area lies
    /// inside the border; below it, it belongs to the neighbour and is left out of the load (0-1).
    /// </summary>
    public double LocationMinShareInside { get; set; } = 0.5;

    /// <summary>A load whose features lie outside their kommune's border in more than this share is refused (0-1).</summary>
    public double LocationMaxShareOutside { get; set; } = 0.5;

    /// <summary>Planstatus codes that mean adopted (3 endelig vedtatt, 6 vedtatt med utsatt rettsvirkning).</summary>
    public List<int> AdoptedPlanstatus { get; set; } = [];

    /// <summary>How often long loads report progress (seconds).</summary>
    public double ProgressIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Where <c>tomte ingest</c> fetches each dataset, by dataset name. The defaults cover DiBK's national plan copy
    /// (NAP, OGC API Features), Kartverket's Teig and kommune WFS, the constraint layers of Miljødirektoratet, NVE,
    /// NIBIO and Riksantikvaren, Entur's stop register export and Statens vegvesen's NVDB road network; the endpoints themselves are <c>Tomte:Sources:*</c>
    /// (see <see cref="DefaultServices"/> for the provider notes).
    /// </summary>
    public Dictionary<string, DatasetSourceOptions> Datasets { get; set; } = DefaultServices.Datasets();

    public IReadOnlyList<string> EffectiveKommuner => Kommuner.Count == 0 ? DefaultKommuner : Kommuner;

    public IReadOnlyList<int> EffectiveAdoptedPlanstatus => AdoptedPlanstatus.Count == 0 ? [3, 6] : AdoptedPlanstatus;

    public static readonly IReadOnlyList<string> DefaultKommuner = ["3207", "3212", "3218"];
}

/// <summary>How <c>tomte ingest</c> asks a service for one kommune.</summary>
public enum KommuneSelection
{
    /// <summary>The OGC API queryable holding the kommunenummer, falling back to the border's bounding box.</summary>
    Property,

    /// <summary>The loaded border's bounding box.</summary>
    Bbox,

    /// <summary>The whole service, every kommune in it.</summary>
    None,
}

/// <summary>
/// One dataset's service: an OGC API Features collection or a WFS feature type on a <c>Tomte:Sources</c> endpoint,
/// or a file the endpoint's URL downloads (zipped or not).
/// </summary>
public sealed class DatasetSourceOptions
{
    /// <summary>
    /// <c>ogcapi</c>, <c>wfs</c>, <c>nvdb</c> (NVDB API Les, the road network) or <c>download</c> (a GML/GeoJSON/GeoPackage/NeTEx file over HTTP, possibly zipped;
    /// recorded as a file load). The text configuration uses; the code reads <see cref="ServiceKind"/>.
    /// </summary>
    public string Kind { get; set; } = "ogcapi";

    /// <summary><see cref="Kind"/> as its enum; only valid options reach the code.</summary>
    public SourceKind ServiceKind => LoadVocabulary.TryParseServiceKind(Kind, out var kind)
        ? kind
        : throw new InvalidOperationException($"Kind '{Kind}' is not a service kind");

    /// <summary><c>Nap</c>, <c>Teig</c> or a name under <c>Tomte:Sources:Endpoints</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>OGC API: the service below the endpoint's BaseUrl (<c>kommuneplaner</c>, <c>reguleringsplaner/vn2</c>).</summary>
    public string? ServicePath { get; set; }

    /// <summary>OGC API: the collection id.</summary>
    public string? Collection { get; set; }

    /// <summary>WFS: the feature type (<c>app:Teig</c>).</summary>
    public string? TypeName { get; set; }

    /// <summary>
    /// WFS: the namespace URI of <see cref="TypeName"/>'s prefix, declared in the kommune filter so the service can
    /// resolve <c>app:kommunenummer</c>; needed only with the <c>property</c> filter.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// download: the file to read when the zip holds several (entry name), or the feature type / table to keep
    /// inside a GML or GeoPackage file; empty = the zip's only feature file, every feature in it.
    /// </summary>
    public string? Layer { get; set; }

    /// <summary>
    /// How a kommune is selected: <c>property</c> (OGC API queryable, falling back to the border's bbox; WFS: a
    /// <c>PropertyIsEqualTo</c> filter on <see cref="KommunenummerProperty"/>; download: the features' own kommunenummer),
    /// <c>bbox</c> (the loaded border's bounding box) or <c>none</c> (the whole service, every kommune in it).
    /// </summary>
    public string KommuneFilter { get; set; } = "property";

    /// <summary><see cref="KommuneFilter"/> as its enum; only valid options reach the code.</summary>
    public KommuneSelection Selection => LoadVocabulary.TryParseKommuneSelection(KommuneFilter, out var selection)
        ? selection
        : throw new InvalidOperationException($"KommuneFilter '{KommuneFilter}' is not a kommune filter");

    /// <summary>The queryable (OGC API) or property (WFS, with its prefix) holding the kommunenummer, for the <c>property</c> filter.</summary>
    public string KommunenummerProperty { get; set; } = "arealplanId.kommunenummer";

    /// <summary>
    /// How the service's attributes map onto the dataset's: dataset key (e.g. <c>navn</c>, <c>lokalId</c>,
    /// <c>kommunenummer</c>) = service attribute. When set, only these reach the dataset, so an attribute the dataset
    /// would misread (a <c>kommune</c> holding a name) or the service's own feature type name stays out.
    /// Empty = the service's attributes as they are.
    /// </summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Only features whose attribute (service name) holds one of the listed values, e.g. AR5's <c>arealtype</c>
    /// 21, 22, 23 for dyrka mark; checked as the features arrive. Empty = every feature.
    /// </summary>
    public Dictionary<string, List<string>> Where { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether <c>tomte ingest</c> without <c>--dataset</c> loads it.</summary>
    public bool Enabled { get; set; } = true;
}

internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Kommuner.Count; i++)
        {
            if (!Kommuner.IsWellFormed(options.Kommuner[i]))
            {
                failures.Add($"{IngestOptions.Section}:Kommuner:{i} '{options.Kommuner[i]}' is not a kommunenummer (four digits, a 2024 fylke such as 32xx).");
            }
        }
        if (options.SliverMinAreaSquareMetres is < 0 or > 10_000 || double.IsNaN(options.SliverMinAreaSquareMetres))
        {
            failures.Add($"{IngestOptions.Section}:SliverMinAreaSquareMetres is {options.SliverMinAreaSquareMetres.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 10000.");
        }
        if (options.SliverMinWidthMetres is < 0 or > 100 || double.IsNaN(options.SliverMinWidthMetres))
        {
            failures.Add($"{IngestOptions.Section}:SliverMinWidthMetres is {options.SliverMinWidthMetres.ToString(CultureInfo.InvariantCulture)}; it must be between 0 and 100.");
        }
        foreach (var (key, value) in new[] { ("LocationMinShareInside", options.LocationMinShareInside), ("LocationMaxShareOutside", options.LocationMaxShareOutside) })
        {
            if (value is <= 0 or > 1 || double.IsNaN(value))
            {
                failures.Add($"{IngestOptions.Section}:{key} is {value.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 1.");
            }
        }
        if (options.ProgressIntervalSeconds is <= 0 or > 3600 || double.IsNaN(options.ProgressIntervalSeconds))
        {
            failures.Add($"{IngestOptions.Section}:ProgressIntervalSeconds is {options.ProgressIntervalSeconds.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 3600.");
        }
        for (var i = 0; i < options.AdoptedPlanstatus.Count; i++)
        {
            if (options.AdoptedPlanstatus[i] is < 1 or > 9)
            {
                failures.Add($"{IngestOptions.Section}:AdoptedPlanstatus:{i} is {options.AdoptedPlanstatus[i]}; planstatus codes are 1-9.");
            }
        }
        foreach (var (datasetName, source) in options.Datasets)
        {
            var key = $"{IngestOptions.Section}:Datasets:{datasetName}";
            if (!Ingest.Datasets.TryFind(datasetName, out _))
            {
                failures.Add($"{key}: '{datasetName}' is not a dataset; known: {string.Join(", ", Ingest.Datasets.All.Select(d => d.Name))}.");
            }
            var known = LoadVocabulary.TryParseServiceKind(source.Kind, out var kind);
            if (!known)
            {
                failures.Add($"{key}:Kind '{source.Kind}' must be 'ogcapi', 'wfs', 'nvdb' or 'download'.");
            }
            if (string.IsNullOrWhiteSpace(source.Endpoint))
            {
                failures.Add($"{key}:Endpoint is empty; name an endpoint under Tomte:Sources (Nap, Teig or one under Tomte:Sources:Endpoints).");
            }
            if (known && kind == SourceKind.OgcApi && string.IsNullOrWhiteSpace(source.Collection))
            {
                failures.Add($"{key}:Collection is empty; an OGC API dataset needs its collection id.");
            }
            if (known && kind == SourceKind.Wfs && string.IsNullOrWhiteSpace(source.TypeName))
            {
                failures.Add($"{key}:TypeName is empty; a WFS dataset needs its feature type (e.g. app:Teig).");
            }
            if (!LoadVocabulary.TryParseKommuneSelection(source.KommuneFilter, out _))
            {
                failures.Add($"{key}:KommuneFilter '{source.KommuneFilter}' must be 'property', 'bbox' or 'none'.");
            }
            if (known && kind == SourceKind.Wfs && source.KommuneFilter == "property" && source.KommunenummerProperty.Contains(':', StringComparison.Ordinal)
                && string.IsNullOrWhiteSpace(source.Namespace))
            {
                failures.Add($"{key}:Namespace is empty; the WFS kommune filter on '{source.KommunenummerProperty}' needs the namespace URI of its prefix.");
            }
            foreach (var (target, attribute) in source.Attributes)
            {
                if (string.IsNullOrWhiteSpace(target) || string.IsNullOrWhiteSpace(attribute))
                {
                    failures.Add($"{key}:Attributes:{target} '{attribute}': both the dataset key and the service attribute must be named.");
                }
            }
            foreach (var (attribute, values) in source.Where)
            {
                if (values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
                {
                    failures.Add($"{key}:Where:{attribute} lists no values (or an empty one); name the values a feature's '{attribute}' may hold.");
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
