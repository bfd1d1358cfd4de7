using NetTopologySuite.Geometries;

namespace Tomte.Worker.Ingest.LoadChecks;

/// <summary>
/// Refuses a feature whose coordinates are not numbers a map can hold (NaN, infinity, 1e20, 1e308) before it reaches
/// PostGIS: NetTopologySuite's envelope skips NaN, and the server would take such a polygon as invalid, repair it to
/// nothing and drop it as a sliver without a word.
/// </summary>
public static class CoordinateCheck
{
    // Far beyond any projected CRS used in Norway (metres) and any geographic one (degrees).
    private const double Absurd = 1e9;

    public static void Check(SourceFeature feature, string source)
    {
        if (feature.Geometry is not { } geometry)
        {
            return;
        }
        var filter = new FiniteFilter();
        geometry.Apply(filter);
        if (filter.Bad is { } bad)
        {
            throw new SourceFormatException(source, FeatureLabel.Of(feature),
                $"coordinate ({Format(bad.X)}, {Format(bad.Y)}) is not a position on a map (not finite, or beyond ±1e9)");
        }
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class FiniteFilter : IEntireCoordinateSequenceFilter
    {
        public Coordinate? Bad { get; private set; }

        public bool Done => Bad is not null;

        public bool GeometryChanged => false;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count && Bad is null; i++)
            {
                var (x, y) = (seq.GetX(i), seq.GetY(i));
                if (!double.IsFinite(x) || !double.IsFinite(y) || Math.Abs(x) > Absurd || Math.Abs(y) > Absurd)
                {
                    Bad = new Coordinate(x, y);
                }
            }
        }
    }
}
