using System.Globalization;

namespace Tomte.Worker.Ingest;

/// <summary>
/// How every source and the loader name a feature in an error: its 0-based position in the source and, when it
/// has one, its own id: <c>#12 (id 'RpOmråde.7')</c>. <see cref="SourceFormatException"/> puts it after the source:
/// <c>plan.gml: feature #12 (id 'RpOmråde.7'): reason</c>.
/// </summary>
public static class FeatureLabel
{
    public static string Of(long index, string? id) =>
        id is null
            ? "#" + index.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"#{index} (id '{id}')");

    public static string Of(SourceFeature feature) => Of(feature.Index, feature.Id);
}
