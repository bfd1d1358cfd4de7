using System.Collections.Concurrent;
using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>Geometry factories shared by the readers: packed double sequences keep a feature's coordinates in one array.</summary>
internal static class Geometries
{
    private static readonly ConcurrentDictionary<int, GeometryFactory> Factories = new();

    public static GeometryFactory Factory(int srid) =>
        Factories.GetOrAdd(srid, static s => new GeometryFactory(new PrecisionModel(), s, PackedCoordinateSequenceFactory.DoubleFactory));

    public static void Check(bool condition, string reason)
    {
        if (!condition)
        {
            throw new GeometryFormatException(reason);
        }
    }
}

/// <summary>A geometry that cannot be built from what the source wrote; the reader turns it into a <see cref="SourceFormatException"/> naming the feature.</summary>
internal sealed class GeometryFormatException : Exception
{
    public GeometryFormatException(string message) : base(message)
    {
    }

    public GeometryFormatException()
    {
    }

    public GeometryFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>A growable x/y buffer reused for every ring and line, so parsing allocates only the finished sequences.</summary>
internal sealed class CoordinateScratch
{
    private double[] _values = new double[1024];
    private int _length;

    public int Count => _length / 2;

    public void Clear() => _length = 0;

    public void Add(double x, double y)
    {
        if (_length + 2 > _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }
        _values[_length] = x;
        _values[_length + 1] = y;
        _length += 2;
    }

    public double X(int index) => _values[index * 2];

    public double Y(int index) => _values[(index * 2) + 1];

    public void Truncate(int count) => _length = Math.Min(_length, count * 2);

    public bool LastEquals(double x, double y) => _length >= 2 && _values[_length - 2] == x && _values[_length - 1] == y;

    public PackedDoubleCoordinateSequence ToSequence() => new(_values.AsSpan(0, _length).ToArray(), 2, 0);

    /// <summary>
    /// A ring must be closed and have four positions. Self-intersections are let through on purpose: the loader
    /// repairs them with ST_MakeValid; only rings that cannot be a ring at all stop the load.
    /// </summary>
    public LinearRing ToRing(GeometryFactory factory, string what)
    {
        var count = Count;
        if (count == 0)
        {
            throw new GeometryFormatException($"{what} is empty");
        }
        if (count < 4)
        {
            throw new GeometryFormatException($"{what} has {count} positions; a ring needs at least 4");
        }
        var last = _length - 2;
        if (_values[0] != _values[last] || _values[1] != _values[last + 1])
        {
            throw new GeometryFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{what} is not closed: it starts at ({_values[0]} {_values[1]}) and ends at ({_values[last]} {_values[last + 1]})"));
        }
        foreach (var value in _values.AsSpan(0, _length))
        {
            if (!double.IsFinite(value))
            {
                throw new GeometryFormatException($"{what} has a coordinate that is not a finite number");
            }
        }
        return factory.CreateLinearRing(ToSequence());
    }
}

/// <summary>Turns circular arcs (SOSI BUEP, written as gml:Arc / gml:ArcString) into straight segments.</summary>
internal static class Arcs
{
    /// <summary>At most this many degrees per segment: under 4 cm off a 100 m radius arc.</summary>
    private const double MaxStepDegrees = 2;

    /// <summary>Appends the arc through (x0,y0), (x1,y1), (x2,y2) without its start point, which the caller has already added.</summary>
    public static void Linearize(CoordinateScratch target, double x0, double y0, double x1, double y1, double x2, double y2)
    {
        var d = 2 * ((x0 * (y1 - y2)) + (x1 * (y2 - y0)) + (x2 * (y0 - y1)));
        var chord = Math.Max(Math.Abs(x2 - x0) + Math.Abs(y2 - y0), Math.Abs(x1 - x0) + Math.Abs(y1 - y0));
        if (Math.Abs(d) <= 1e-12 * Math.Max(1, chord * chord))
        {
            // Collinear: the "arc" is a straight line through its middle point.
            target.Add(x1, y1);
            target.Add(x2, y2);
            return;
        }
        var s0 = (x0 * x0) + (y0 * y0);
        var s1 = (x1 * x1) + (y1 * y1);
        var s2 = (x2 * x2) + (y2 * y2);
        var cx = ((s0 * (y1 - y2)) + (s1 * (y2 - y0)) + (s2 * (y0 - y1))) / d;
        var cy = ((s0 * (x2 - x1)) + (s1 * (x0 - x2)) + (s2 * (x1 - x0))) / d;
        var radius = Math.Sqrt(((x0 - cx) * (x0 - cx)) + ((y0 - cy) * (y0 - cy)));
        var a0 = Math.Atan2(y0 - cy, x0 - cx);
        var a1 = Math.Atan2(y1 - cy, x1 - cx);
        var a2 = Math.Atan2(y2 - cy, x2 - cx);
        var counterClockwise = d > 0;
        var sweep = Sweep(a0, a2, counterClockwise);
        if (Sweep(a0, a1, counterClockwise) > sweep)
        {
            counterClockwise = !counterClockwise;
            sweep = Sweep(a0, a2, counterClockwise);
        }
        var steps = Math.Max(2, (int)Math.Ceiling(sweep / (MaxStepDegrees * Math.PI / 180)));
        var direction = counterClockwise ? 1 : -1;
        for (var i = 1; i < steps; i++)
        {
            var angle = a0 + (direction * sweep * i / steps);
            target.Add(cx + (radius * Math.Cos(angle)), cy + (radius * Math.Sin(angle)));
        }
        target.Add(x2, y2);
    }

    private static double Sweep(double from, double to, bool counterClockwise)
    {
        var delta = counterClockwise ? to - from : from - to;
        while (delta <= 0)
        {
            delta += 2 * Math.PI;
        }
        while (delta > 2 * Math.PI)
        {
            delta -= 2 * Math.PI;
        }
        return delta;
    }
}
