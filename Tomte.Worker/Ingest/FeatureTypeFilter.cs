using System.Globalization;

namespace Tomte.Worker.Ingest;

/// <summary>
/// Which features of a source a load takes, by feature type: the one place that decides. A SOSI file or a
/// GeoPackage holds several types (KpOmråde, KpArealformålOmråde, eight kinds of hensynssone); the readers only
/// say which type each feature is, and the loader asks this filter.
/// </summary>
public sealed class FeatureTypeFilter
{
    /// <summary>Where a flat source (GeoJSON, a GeoPackage table) may name a feature's type when the reader cannot.</summary>
    public static readonly IReadOnlyList<string> TypeKeys = ["featureType", "@type", "objekttype"];

    private readonly string[] _types;

    private FeatureTypeFilter(string[] types) => _types = types;

    /// <summary>Every feature: for a source whose query already chose the type (a WFS <c>typeNames</c>).</summary>
    public static FeatureTypeFilter Any { get; } = new([]);

    /// <summary>The dataset's own feature types, or the one the command named (<c>--lag</c> on a GML file).</summary>
    public static FeatureTypeFilter For(Dataset dataset, string? featureType = null) =>
        new(string.IsNullOrWhiteSpace(featureType) ? [.. dataset.FeatureTypes] : [featureType]);

    /// <summary>
    /// Whether the load takes the feature: every feature when the dataset names no types, and a feature whose source
    /// lost its type (a flat export) too, so that mapping, not silence, judges it.
    /// </summary>
    public bool Takes(SourceFeature feature)
    {
        if (_types.Length == 0)
        {
            return true;
        }
        var type = TypeOf(feature);
        if (type is null)
        {
            return true;
        }
        // WFS and GeoPackage exports may keep the namespace prefix (app:Teig).
        var local = type.AsSpan(type.LastIndexOf(':') + 1);
        foreach (var wanted in _types)
        {
            if (local.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The feature's type as its reader gave it, or as a property names it.</summary>
    public static string? TypeOf(SourceFeature feature) =>
        feature.FeatureType
        ?? (FeatureMapper.FirstValue(feature, TypeKeys) is { } type ? Convert.ToString(type, CultureInfo.InvariantCulture) : null);
}
