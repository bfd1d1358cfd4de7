using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Ingest;

namespace Tomte.Tests.Ingest;

/// <summary>
/// The client-side shortcut must never call a polygon valid that PostGIS (GEOS) would repair, and what it stores
/// must be byte for byte what the server's cleaning would have stored.
/// </summary>
public sealed class StagedGeometryTests : IAsyncLifetime
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 25833);
    private static readonly WKBWriter Writer = new(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false);
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private static Polygon Ring(params double[] xy)
    {
        var coordinates = new Coordinate[xy.Length / 2];
        for (var i = 0; i < coordinates.Length; i++)
        {
            coordinates[i] = new Coordinate(xy[i * 2], xy[(i * 2) + 1]);
        }
        return Factory.CreatePolygon(coordinates);
    }

    private static byte[]? Final(Geometry geometry) => StagedGeometry.TryFinalGeometry(geometry, Writer.Write(geometry), 1.0, 0.05);

    [Fact]
    public async Task A_simple_ring_gets_the_multipolygon_the_server_would_store()
    {
        var square = Ring(0, 0, 100, 0, 100, 100, 0, 100, 0, 0);
        var withRepeats = Ring(0, 0, 100, 0, 100, 0, 100, 100, 0, 100, 0, 100, 0, 0);
        var single = Factory.CreateMultiPolygon([square]);
        foreach (var geometry in new Geometry[] { square, withRepeats, single })
        {
            var final = Final(geometry);
            Assert.NotNull(final);
            var expected = await ServerEwkbAsync(Writer.Write(geometry));
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(final));
        }
    }

    [Fact]
    public void Rings_that_cross_touch_or_fold_back_and_everything_unusual_are_left_to_the_server()
    {
        Assert.Null(Final(Ring(0, 0, 100, 100, 100, 0, 0, 100, 0, 0)));                      // bow tie
        Assert.Null(Final(Ring(0, 0, 100, 0, 50, 50, 100, 100, 0, 100, 50, 50, 0, 0)));       // touches itself at a vertex
        Assert.Null(Final(Ring(0, 0, 100, 0, 100, 100, 50, 0, 0, 100, 0, 0)));               // a vertex on another edge
        Assert.Null(Final(Ring(0, 0, 100, 0, 150, 0, 100, 0, 100, 100, 0, 100, 0, 0)));      // spike folding back
        Assert.Null(Final(Ring(0, 0, 100, 0, 200, 0, 0, 0)));                                // collapsed to a line
        Assert.Null(Final(Ring(0, 0, 0.5, 0, 0.5, 0.5, 0, 0.5, 0, 0)));                      // sliver: 0.25 m²
        Assert.Null(Final(Ring(0, 0, 1000, 0, 1000, 0.02, 0, 0.02, 0, 0)));                  // sliver: 2 cm wide
        var shell = Factory.CreateLinearRing([new(0, 0), new(100, 0), new(100, 100), new(0, 100), new(0, 0)]);
        var hole = Factory.CreateLinearRing([new(10, 10), new(20, 10), new(20, 20), new(10, 20), new(10, 10)]);
        Assert.Null(Final(Factory.CreatePolygon(shell, [hole])));
        Assert.Null(Final(Factory.CreateMultiPolygon([Ring(0, 0, 10, 0, 10, 10, 0, 0), Ring(20, 20, 30, 20, 30, 30, 20, 20)])));
        var geographic = Ring(10, 60, 10.01, 60, 10.01, 60.01, 10, 60);
        geographic.SRID = 4326;
        Assert.Null(Final(geographic));
    }

    [Fact]
    public async Task No_random_ring_it_accepts_is_one_PostGIS_calls_invalid()
    {
        var random = new Random(11);
        var rings = new List<Polygon>();
        for (var n = 0; n < 3000; n++)
        {
            // Random walks around a centre: many cross themselves, many do not; coarse grids make touching likely.
            var points = random.Next(3, 40);
            var coarse = random.Next(2) == 0;
            var coordinates = new Coordinate[points + 1];
            for (var i = 0; i < points; i++)
            {
                var angle = (i + (random.NextDouble() * (random.Next(3) == 0 ? 3 : 0.9))) * 2 * Math.PI / points;
                var radius = 20 + (random.NextDouble() * 80);
                var (x, y) = (500 + (radius * Math.Cos(angle)), 500 + (radius * Math.Sin(angle)));
                coordinates[i] = coarse ? new Coordinate(Math.Round(x / 10) * 10, Math.Round(y / 10) * 10) : new Coordinate(x, y);
            }
            coordinates[points] = coordinates[0].Copy();
            rings.Add(Factory.CreatePolygon(coordinates));
        }
        var accepted = rings.Where(r => Final(r) is not null).ToList();
        Assert.InRange(accepted.Count, 100, rings.Count - 100);

        await using var command = _database.DataSource.CreateCommand(
            "SELECT count(*) FROM unnest($1::bytea[]) AS w WHERE NOT ST_IsValid(ST_GeomFromEWKB(w))");
        command.Parameters.AddWithValue(accepted.Select(r => Writer.Write(r)).ToArray());
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    private async Task<byte[]> ServerEwkbAsync(byte[] ewkb)
    {
        await using var command = _database.DataSource.CreateCommand(
            "SELECT ST_AsEWKB(ST_Multi(ST_CollectionExtract(ST_Transform(ST_GeomFromEWKB($1), 25833), 3)), 'NDR')");
        command.Parameters.AddWithValue(ewkb);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }
}
