using System.Xml.Linq;
using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// The WFS 2.0 query for one dataset and kommune: the kommune selected by a FES 2.0 <c>PropertyIsEqualTo</c> on the
/// kommunenummer property (<c>property</c>), by the border's bbox (<c>bbox</c>), or not at all (<c>none</c>).
/// </summary>
/// <remarks>
/// WFS 2.0 KVP makes <c>FILTER</c> and <c>BBOX</c> mutually exclusive, so a property filter is sent alone. The filter
/// declares the namespace of the property's prefix itself (and <c>NAMESPACES</c> says it again for the type name),
/// because a service such as Kartverket's deegree cannot otherwise resolve <c>app:kommunenummer</c>.
/// </remarks>
public static class WfsKommuneFilter
{
    private static readonly XNamespace Fes = "http://www.opengis.net/fes/2.0";

    public static WfsQuery Query(DatasetSourceOptions source, string? kommune, Envelope? bbox)
    {
        if (source.KommuneFilter != "property" || kommune is null)
        {
            return new WfsQuery(source.TypeName!) { Bbox = source.KommuneFilter == "none" ? null : bbox };
        }
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["FILTER"] = Filter(source.KommunenummerProperty, kommune, source.Namespace),
        };
        var prefix = Prefix(source.KommunenummerProperty);
        if (prefix is not null && !string.IsNullOrWhiteSpace(source.Namespace))
        {
            parameters["NAMESPACES"] = $"xmlns({prefix},{source.Namespace})";
        }
        return new WfsQuery(source.TypeName!) { Parameters = parameters };
    }

    /// <summary>A single-line <c>fes:Filter</c> with <c>property = kommune</c>.</summary>
    public static string Filter(string property, string kommune, string? namespaceUri)
    {
        var filter = new XElement(Fes + "Filter",
            new XAttribute(XNamespace.Xmlns + "fes", Fes.NamespaceName),
            new XElement(Fes + "PropertyIsEqualTo",
                new XElement(Fes + "ValueReference", property),
                new XElement(Fes + "Literal", kommune)));
        if (Prefix(property) is { } prefix && !string.IsNullOrWhiteSpace(namespaceUri))
        {
            filter.Add(new XAttribute(XNamespace.Xmlns + prefix, namespaceUri));
        }
        return filter.ToString(SaveOptions.DisableFormatting);
    }

    private static string? Prefix(string property)
    {
        var colon = property.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? property[..colon] : null;
    }
}
