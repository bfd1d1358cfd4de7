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
