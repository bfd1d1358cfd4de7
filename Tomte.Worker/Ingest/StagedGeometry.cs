using System.Buffers.Binary;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Tomte.Worker.Ingest;

/// <summary>
/// Decides on the client, for the common case, what <c>ingest.clean_staged_row</c> (migration 0011) would store, so
/// that the server's single backend (the bottleneck of a load: GEOS validity checking is about half its work) can skip
/// the row. The case: a polygon without holes, already in EPSG:25833, whose ring is provably simple, and clearly no
/// sliver. Everything else (holes, several parts, other CRSs, rings that touch, cross or merely have collinear
/// neighbours, sizes near the sliver limits) still goes to the server, which stays the one authority on validity and
/// the only place geometry is repaired.
/// </summary>
/// <remarks>
/// A polygon with a single ring is valid exactly when the ring is closed, has at least three distinct points and no
/// two segments meet except neighbours at their shared point. The test below only says "valid" when every segment
/// pair whose envelopes meet is separated by exact orientation tests (<see cref="CGAlgorithmsDD"/>, the same robust
/// predicate GEOS uses); any zero orientation counts as "not proven", so rounding can never let an invalid ring pass.
/// </remarks>
internal static class StagedGeometry
{
    public const int TargetSrid = 25833;

    // Pairs are tested brute force; longer rings are cheaper for GEOS's indexed check.
    private const int MaxRingPoints = 512;

    // Sizes within this relative margin of a sliver limit are left to the server's own arithmetic.
    private const double Margin = 1e-6;

    /// <summary>
    /// The MultiPolygon EWKB the server would store for this feature's geometry, or null when the server must decide.
    /// </summary>
    /// <param name="ewkb">The feature's EWKB as written for COPY (little-endian, SRID flag set).</param>
    public static byte[]? TryFinalGeometry(Geometry geometry, byte[] ewkb, double minArea, double minWidth)
    {
        var polygon = geometry switch
        {
            Polygon p => p,
            MultiPolygon { NumGeometries: 1 } m => (Polygon)m.GetGeometryN(0),
            _ => null,
        };
        if (polygon is null || polygon.NumInteriorRings != 0 || polygon.IsEmpty || ewkb.Length < 13 || ewkb[0] != 1
            || BinaryPrimitives.ReadInt32LittleEndian(ewkb.AsSpan(5)) != TargetSrid)
        {
            return null;
        }
        if (!IsProvablySimple(polygon.Shell.CoordinateSequence, out var area, out var perimeter)
            || area < (minArea * (1 + Margin)) + Margin
            || 2 * area / perimeter < (minWidth * (1 + Margin)) + Margin)
        {
            return null;
        }
        switch (BinaryPrimitives.ReadUInt32LittleEndian(ewkb.AsSpan(1)))
        {
            case 0x20000006:
                return ewkb;
            case 0x20000003:
                {
                    // ST_Multi: the polygon's rings under a one-member MultiPolygon header; members carry no SRID.
                    var multi = new byte[ewkb.Length + 9];
                    multi[0] = 1;
                    BinaryPrimitives.WriteUInt32LittleEndian(multi.AsSpan(1), 0x20000006);
                    BinaryPrimitives.WriteInt32LittleEndian(multi.AsSpan(5), TargetSrid);
                    BinaryPrimitives.WriteInt32LittleEndian(multi.AsSpan(9), 1);
                    multi[13] = 1;
                    BinaryPrimitives.WriteUInt32LittleEndian(multi.AsSpan(14), 3);
                    ewkb.AsSpan(9).CopyTo(multi.AsSpan(18));
                    return multi;
                }
            default:
                return null;
        }
    }

    /// <param name="area">The ring's unsigned area (shoelace).</param>
    /// <param name="perimeter">The ring's length.</param>
    internal static bool IsProvablySimple(CoordinateSequence ring, out double area, out double perimeter)
    {
        area = perimeter = 0;
        var count = ring.Count;
        if (count < 4 || count > MaxRingPoints)
        {
            return false;
        }
        Span<double> xs = stackalloc double[count];
        Span<double> ys = stackalloc double[count];
        // Repeated points are allowed in a valid ring; they are dropped so that no segment has zero length.
        var points = 0;
        // The parsers build packed XY sequences; reading their array directly avoids two virtual calls per point.
        var packed = ring is PackedDoubleCoordinateSequence { Dimension: 2 } p ? p.GetRawCoordinates() : null;
        for (var i = 0; i < count; i++)
        {
            var x = packed is null ? ring.GetX(i) : packed[i * 2];
            var y = packed is null ? ring.GetY(i) : packed[(i * 2) + 1];
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                return false;
            }
            if (points > 0 && xs[points - 1] == x && ys[points - 1] == y)
            {
                continue;
            }
            xs[points] = x;
            ys[points] = y;
            points++;
        }
        var segments = points - 1;
        if (segments < 3 || xs[0] != xs[segments] || ys[0] != ys[segments])
        {
            return false;
        }

        // Neighbouring segments may only share their joint: the next point must turn left or right.
        for (var i = 0; i < segments; i++)
        {
            var next = (i + 2) % segments;
            if (CGAlgorithmsDD.OrientationIndex(xs[i], ys[i], xs[i + 1], ys[i + 1], xs[next], ys[next]) == 0)
            {
                return false;
            }
        }

        // The other pairs must not meet at all. Only pairs whose envelopes meet need the exact tests: all pairs for
        // a short ring, and for a long one a sweep over the segments sorted by their left end.
        Span<double> lefts = stackalloc double[segments];
        Span<double> rights = stackalloc double[segments];
        Span<double> bottoms = stackalloc double[segments];
        Span<double> tops = stackalloc double[segments];
        for (var i = 0; i < segments; i++)
        {
            (lefts[i], rights[i]) = xs[i] <= xs[i + 1] ? (xs[i], xs[i + 1]) : (xs[i + 1], xs[i]);
            (bottoms[i], tops[i]) = ys[i] <= ys[i + 1] ? (ys[i], ys[i + 1]) : (ys[i + 1], ys[i]);
        }
        if (segments <= 64)
        {
            for (var i = 0; i < segments; i++)
            {
                // Segment 0 and the last one are neighbours through the ring's closing point.
                var last = i == 0 ? segments - 1 : segments;
                for (var j = i + 2; j < last; j++)
                {
                    if (rights[j] >= lefts[i] && lefts[j] <= rights[i] && tops[j] >= bottoms[i] && bottoms[j] <= tops[i]
                        && !Disjoint(xs, ys, i, j))
                    {
                        return false;
                    }
                }
            }
        }
        else
        {
            Span<double> sortedLefts = stackalloc double[segments];
            Span<int> order = stackalloc int[segments];
            lefts.CopyTo(sortedLefts);
            for (var i = 0; i < segments; i++)
            {
                order[i] = i;
            }
            sortedLefts.Sort(order);
            for (var k = 0; k < segments; k++)
            {
                var i = order[k];
                for (var l = k + 1; l < segments && sortedLefts[l] <= rights[i]; l++)
                {
                    var j = order[l];
                    var apart = Math.Abs(i - j);
                    if (apart != 1 && apart != segments - 1 && tops[j] >= bottoms[i] && bottoms[j] <= tops[i] && !Disjoint(xs, ys, i, j))
                    {
                        return false;
                    }
                }
            }
        }

        // Shoelace relative to the first point, to keep the products small.
        double sum = 0;
        double x0 = xs[0], y0 = ys[0];
        for (var i = 0; i < segments; i++)
        {
            double x1 = xs[i] - x0, y1 = ys[i] - y0, x2 = xs[i + 1] - x0, y2 = ys[i + 1] - y0;
            sum += (x1 * y2) - (x2 * y1);
            perimeter += Math.Sqrt(((x2 - x1) * (x2 - x1)) + ((y2 - y1) * (y2 - y1)));
        }
        area = Math.Abs(sum) / 2;
        return true;
    }

    /// <summary>Whether segments i and j provably do not meet; a zero orientation (touching, collinear) is "not proven".</summary>
    private static bool Disjoint(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int i, int j)
    {
        double ax = xs[i], ay = ys[i], bx = xs[i + 1], by = ys[i + 1];
        double cx = xs[j], cy = ys[j], dx = xs[j + 1], dy = ys[j + 1];
        var c = CGAlgorithmsDD.OrientationIndex(ax, ay, bx, by, cx, cy);
        var d = CGAlgorithmsDD.OrientationIndex(ax, ay, bx, by, dx, dy);
        if (c == 0 || d == 0)
        {
            return false;
        }
        if (c == d)
        {
            return true;
        }
        var a = CGAlgorithmsDD.OrientationIndex(cx, cy, dx, dy, ax, ay);
        var b = CGAlgorithmsDD.OrientationIndex(cx, cy, dx, dy, bx, by);
        return a != 0 && a == b;
    }
}
