using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// The 2D footprint of a surface made of patches: a TIN (<c>gml:TriangulatedSurface</c>, <c>gml:Tin</c>), a
/// <c>gml:PolyhedralSurface</c>, a <c>gml:CompositeSurface</c> or a <c>gml:Surface</c> of several patches, such as
/// SOSI 5.0's <c>RpRegulertTerreng</c>.
/// </summary>
/// <remarks>
/// Patches of one surface share their edges by construction, so taken as the polygons of a MultiPolygon they are
/// invalid, and PostGIS's ST_MakeValid then keeps only part of them (it dropped 36 % of a real TIN's area). Their union
/// is the ground the surface covers: a steep patch that folds over its neighbour in 2D is covered once, and a vertical
/// one (no area in 2D) adds nothing. Heights are already gone: every table is 2D.
/// </remarks>
internal static class SurfaceFootprint
{
    public static Geometry Of(GeometryFactory factory, IReadOnlyList<Polygon> patches, string surface)
    {
        var flat = patches.Where(p => !p.IsEmpty && p.Area > 0).Cast<Geometry>().ToList();
        if (flat.Count == 0)
        {
            throw new GeometryFormatException($"gml:{surface} has {patches.Count} patches and none covers any ground in 2D (a vertical surface)");
        }
        Geometry union;
        try
        {
            union = OverlayNGRobust.Union(flat);
        }
        catch (TopologyException ex)
        {
            throw new GeometryFormatException($"gml:{surface}: its {patches.Count} patches could not be joined into one footprint ({ex.Message})");
        }
        var polygons = Enumerable.Range(0, union.NumGeometries).Select(union.GetGeometryN).OfType<Polygon>().ToArray();
        return polygons.Length == 1 ? polygons[0] : factory.CreateMultiPolygon(polygons);
    }
}
