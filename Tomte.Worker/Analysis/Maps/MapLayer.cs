namespace Tomte.Worker.Analysis.Maps;

/// <summary>What a feature on a site's map is; drawn in this order (later on top).</summary>
public enum MapLayer
{
    Vedtatt,
    Hensynssone,
    Restriksjon,
    AnnenTomt,
    Tomt,
    Teig,
    Signal,
    PrivatVei,
    Vei,
    Holdeplass,
}

/// <param name="Label">A plan id, a stop's name, a constraint kind ... depending on the layer.</param>
public sealed record MapFeature(MapLayer Layer, string? Label, NetTopologySuite.Geometries.Geometry Geometry);

/// <summary>Everything one map shows: the site, the ground extent (EPSG:25833 metres) and the features in it.</summary>
/// <param name="Details">Lines under the title (kommune, area and dwellings).</param>
public sealed record MapScene(string TomteId, string Title, IReadOnlyList<string> Details, NetTopologySuite.Geometries.Envelope Extent, IReadOnlyList<MapFeature> Features);
