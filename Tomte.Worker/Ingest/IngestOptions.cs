using System.Globalization;
using Microsoft.Extensions.Options;

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
    /// (NAP, OGC API Features) and Kartverket's Teig WFS; the endpoints themselves are <c>Tomte:Sources:*</c>.
    /// </summary>
    public Dictionary<string, DatasetSourceOptions> Datasets { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kommune"] = new() { Kind = "wfs", Endpoint = "AdministrativeEnheter", TypeName = "app:Kommune", KommuneFilter = "none", Enabled = false },
        ["kp-planomrade"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "kommuneplaner", Collection = "kpomrade" },
        ["kp-arealformal"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "kommuneplaner", Collection = "kparealformalomrade" },
        ["rp-planomrade"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "reguleringsplaner/vn2", Collection = "rpomrade" },
        ["planlegging-igangsatt"] = new() { Kind = "ogcapi", Endpoint = "Nap", ServicePath = "reguleringsplanforslag/vn2", Collection = "rpomrade" },
        ["teig"] = new() { Kind = "wfs", Endpoint = "Teig", TypeName = "app:Teig", KommuneFilter = "bbox" },
    };

    public IReadOnlyList<string> EffectiveKommuner => Kommuner.Count == 0 ? DefaultKommuner : Kommuner;

    public IReadOnlyList<int> EffectiveAdoptedPlanstatus => AdoptedPlanstatus.Count == 0 ? [3, 6] : AdoptedPlanstatus;

    public static readonly IReadOnlyList<string> DefaultKommuner = ["3207", "3212", "3218"];
}

/// <summary>One dataset's service: an OGC API Features collection or a WFS feature type on a <c>Tomte:Sources</c> endpoint.</summary>
public sealed class DatasetSourceOptions
{
    /// <summary><c>ogcapi</c> or <c>wfs</c>.</summary>
    public string Kind { get; set; } = "ogcapi";

    /// <summary><c>Nap</c>, <c>Teig</c> or a name under <c>Tomte:Sources:Endpoints</c>.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>OGC API: the service below the endpoint's BaseUrl (<c>kommuneplaner</c>, <c>reguleringsplaner/vn2</c>).</summary>
    public string? ServicePath { get; set; }

    /// <summary>OGC API: the collection id.</summary>
    public string? Collection { get; set; }

    /// <summary>WFS: the feature type (<c>app:Teig</c>).</summary>
    public string? TypeName { get; set; }

    /// <summary>
    /// How a kommune is selected: <c>property</c> (OGC API queryable, falling back to the border's bbox),
    /// <c>bbox</c> (the loaded border's bounding box) or <c>none</c> (the whole service, every kommune in it).
    /// </summary>
    public string KommuneFilter { get; set; } = "property";

    /// <summary>The queryable holding the kommunenummer (OGC API, <c>property</c> filter).</summary>
    public string KommunenummerProperty { get; set; } = "arealplanId.kommunenummer";

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
            if (source.Kind is not ("ogcapi" or "wfs"))
            {
                failures.Add($"{key}:Kind '{source.Kind}' must be 'ogcapi' or 'wfs'.");
            }
            if (string.IsNullOrWhiteSpace(source.Endpoint))
            {
                failures.Add($"{key}:Endpoint is empty; name an endpoint under Tomte:Sources (Nap, Teig or one under Tomte:Sources:Endpoints).");
            }
            if (source.Kind == "ogcapi" && string.IsNullOrWhiteSpace(source.Collection))
            {
                failures.Add($"{key}:Collection is empty; an OGC API dataset needs its collection id.");
            }
            if (source.Kind == "wfs" && string.IsNullOrWhiteSpace(source.TypeName))
            {
                failures.Add($"{key}:TypeName is empty; a WFS dataset needs its feature type (e.g. app:Teig).");
            }
            if (source.KommuneFilter is not ("property" or "bbox" or "none"))
            {
                failures.Add($"{key}:KommuneFilter '{source.KommuneFilter}' must be 'property', 'bbox' or 'none'.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
