using System.Globalization;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Tomte.Tests.Benchmarks;

/// <summary>
/// Generates a SYNTHETIC national plan dataset straight into a migrated PostGIS database by binary COPY, for the
/// analysis benchmark: 356 kommuner on a 30 km grid (ref.kommune border and one kommuneplan in force per kommune),
/// about 50,000 kommuneplan bolig polygons (plan.kp_arealformal: 1110 framtidig, some 1130/1800) and 150,000
/// reguleringsplan planområder (plan.rp_planomrade), each row pointing at an ingest.load row per (dataset, kommune).
/// Shapes are irregular star-shaped outlines (harmonics plus noise, stretched and rotated) of about 120 vertices on
/// average, some with holes, some multipolygons, some large områdereguleringer. Housing sits around a few settlement
/// centres per kommune and most reguleringsplaner sit on or beside a bolig polygon, so most bolig polygons meet
/// several plans. Deterministic: each kommune draws from its own generator seeded from the dataset seed, so the same
/// seed and scale write the same rows in the same order.
/// </summary>
/// <param name="Scale">Share of the national size: scales the number of kommuner (at least 3), not the density.</param>
public sealed class NationalPlanDataset(int seed = NationalPlanDataset.DefaultSeed, double scale = 1.0)
{
    public const int DefaultSeed = 2026;
    public const int NationalKommuner = 356;
    public const int NationalBoligPolygons = 50_000;
    public const int PlansPerBoligPolygon = 3;
    public const double CellSize = 30_000;
    private const int GridColumns = 19;
    private const double OriginX = 20_000;
    private const double OriginY = 6_450_000;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 25833);
    private static readonly int[] Fylker = [3, 11, 15, 18, 31, 32, 33, 34, 39, 40, 42, 46, 50, 55, 56];

    /// <summary>What was written, to check the database against and to print.</summary>
    public sealed record Summary(int Kommuner, int BoligPolygons, int Plans, long Vertices, int WithHoles, int MultiPolygons, int Omradereguleringer)
    {
        public double VerticesPerPolygon => (double)Vertices / (BoligPolygons + Plans);
    }

    public int KommuneCount { get; } = Math.Clamp((int)Math.Round(NationalKommuner * scale), 3, NationalKommuner);

    public static string Kommunenummer(int index) =>
        (Fylker[index % Fylker.Length] * 100 + 1 + index / Fylker.Length).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Writes every table in one transaction per table; the database must be migrated and empty.</summary>
    public async Task<Summary> WriteAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        // The data source may have loaded its types before PostGIS was created in the database.
        await dataSource.ReloadTypesAsync(cancellationToken);
        var kommuner = Enumerable.Range(0, KommuneCount).Select(Kommunenummer).ToArray();
        var counts = BoligCounts();
        var loads = await InsertLoadsAsync(dataSource, kommuner, counts, cancellationToken);

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await WriteBordersAsync(connection, kommuner, loads, cancellationToken);
        }

        await using var kpConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var rpConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var kp = await kpConnection.BeginBinaryImportAsync(
            """
            COPY plan.kp_arealformal (load_id, kommunenummer, source_id, planidentifikasjon, arealformal, arealbruksstatus, beskrivelse, geom)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        await using var rp = await rpConnection.BeginBinaryImportAsync(
            """
            COPY plan.rp_planomrade (load_id, kommunenummer, source_id, planidentifikasjon, plannavn, plantype, planstatus, vertikalniva,
                                     ikrafttredelsesdato, geom)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);

        long vertices = 0;
        int bolig = 0, plans = 0, holes = 0, multi = 0, omrade = 0;
        for (var k = 0; k < kommuner.Length; k++)
        {
            var random = new Random(unchecked(seed * 1_000_003 + k));
            var cell = Cell(k);
            var centres = Enumerable.Range(0, 2 + random.Next(6))
                .Select(_ => (X: cell.MinX + 4_000 + random.NextDouble() * (CellSize - 8_000), Y: cell.MinY + 4_000 + random.NextDouble() * (CellSize - 8_000)))
                .ToArray();
            var boligCentres = new List<(double X, double Y, double Radius)>(counts[k]);
            var knr = kommuner[k];

            for (var i = 0; i < counts[k]; i++)
            {
                var centre = centres[random.Next(centres.Length)];
                var spread = 1_200 + 2_300 * random.NextDouble();
                var radius = Math.Clamp(60 * Math.Exp(Gaussian(random) * 0.6), 25, 600);
                var shape = Shape(random, centre.X + Gaussian(random) * spread, centre.Y + Gaussian(random) * spread, radius,
                    vertices: 60 + random.Next(160), holeShare: 0.08, multiShare: 0.05, cell);
                boligCentres.Add((shape.CentreX, shape.CentreY, radius));
                var draw = random.NextDouble();
                var arealformal = draw < 0.88 ? 1110 : draw < 0.94 ? 1130 : 1800;
                await kp.StartRowAsync(cancellationToken);
                await kp.WriteAsync(loads[("kp-arealformal", knr)], NpgsqlDbType.Bigint, cancellationToken);
                await kp.WriteAsync(knr, NpgsqlDbType.Char, cancellationToken);
                await kp.WriteAsync($"kp-{knr}-{i + 1}", NpgsqlDbType.Text, cancellationToken);
                await kp.WriteAsync($"{knr}KP2024", NpgsqlDbType.Text, cancellationToken);
                await kp.WriteAsync(arealformal, NpgsqlDbType.Integer, cancellationToken);
                await kp.WriteAsync(2, NpgsqlDbType.Integer, cancellationToken);
                await kp.WriteAsync(arealformal == 1110 ? "Boligbebyggelse, framtidig" : arealformal == 1130 ? "Sentrumsformål" : "Kombinert formål", NpgsqlDbType.Text, cancellationToken);
                await kp.WriteAsync(shape.Geometry, NpgsqlDbType.Geometry, cancellationToken);
                vertices += shape.Geometry.NumPoints;
                holes += shape.HasHole ? 1 : 0;
                multi += shape.Geometry.NumGeometries > 1 ? 1 : 0;
                bolig++;
            }

            for (var i = 0; i < counts[k] * PlansPerBoligPolygon; i++)
            {
                var draw = random.NextDouble();
                Shaped shape;
                var isOmrade = false;
                if (draw < 0.03)
                {
                    // Områderegulering: a large plan over a whole neighbourhood around a settlement centre.
                    var centre = centres[random.Next(centres.Length)];
                    shape = Shape(random, centre.X + Gaussian(random) * 1_200, centre.Y + Gaussian(random) * 1_200, 400 + random.NextDouble() * 800,
                        vertices: 300 + random.Next(500), holeShare: 0.15, multiShare: 0.1, cell);
                    isOmrade = true;
                }
                else if (draw < 0.75 && boligCentres.Count > 0)
                {
                    // Detaljregulering on or beside a bolig polygon: where housing is planned, plans follow.
                    var target = boligCentres[random.Next(boligCentres.Count)];
                    var angle = random.NextDouble() * 2 * Math.PI;
                    var offset = target.Radius * 1.3 * Math.Sqrt(random.NextDouble());
                    shape = Shape(random, target.X + Math.Cos(angle) * offset, target.Y + Math.Sin(angle) * offset,
                        Math.Clamp(target.Radius * (0.25 + 0.6 * random.NextDouble()) * Math.Exp(Gaussian(random) * 0.3), 15, 400),
                        vertices: 40 + random.Next(220), holeShare: 0.06, multiShare: 0.05, cell);
                }
                else
                {
                    // Plans in the built-up area around a centre (existing housing, roads, schools).
                    var centre = centres[random.Next(centres.Length)];
                    shape = Shape(random, centre.X + Gaussian(random) * 2_000, centre.Y + Gaussian(random) * 2_000,
                        Math.Clamp(50 * Math.Exp(Gaussian(random) * 0.6), 15, 400),
                        vertices: 40 + random.Next(220), holeShare: 0.06, multiShare: 0.05, cell);
                }
                var status = random.NextDouble();
                var planstatus = status < 0.78 ? 3 : status < 0.86 ? 6 : status < 0.93 ? 1 : 2;
                var level = random.NextDouble();
                int? vertikalniva = level < 0.70 ? 2 : level < 0.96 ? null : 1;
                var planId = $"{knr}{(isOmrade ? "O" : "D")}{i + 1:D5}";
                await rp.StartRowAsync(cancellationToken);
                await rp.WriteAsync(loads[("rp-planomrade", knr)], NpgsqlDbType.Bigint, cancellationToken);
                await rp.WriteAsync(knr, NpgsqlDbType.Char, cancellationToken);
                await rp.WriteAsync($"rp-{knr}-{i + 1}", NpgsqlDbType.Text, cancellationToken);
                await rp.WriteAsync(planId, NpgsqlDbType.Text, cancellationToken);
                await rp.WriteAsync(isOmrade ? $"Områderegulering {planId}" : $"Detaljregulering {planId}", NpgsqlDbType.Text, cancellationToken);
                await rp.WriteAsync(isOmrade ? 34 : 35, NpgsqlDbType.Integer, cancellationToken);
                await rp.WriteAsync(planstatus, NpgsqlDbType.Integer, cancellationToken);
                if (vertikalniva is { } v)
                {
                    await rp.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken);
                }
                else
                {
                    await rp.WriteNullAsync(cancellationToken);
                }
                if (planstatus is 3 or 6)
                {
                    await rp.WriteAsync(new DateOnly(1985, 1, 1).AddDays(random.Next(14_600)), NpgsqlDbType.Date, cancellationToken);
                }
                else
                {
                    await rp.WriteNullAsync(cancellationToken);
                }
                await rp.WriteAsync(shape.Geometry, NpgsqlDbType.Geometry, cancellationToken);
                vertices += shape.Geometry.NumPoints;
                holes += shape.HasHole ? 1 : 0;
                multi += shape.Geometry.NumGeometries > 1 ? 1 : 0;
                omrade += isOmrade ? 1 : 0;
                plans++;
            }
        }
        await kp.CompleteAsync(cancellationToken);
        await rp.CompleteAsync(cancellationToken);

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var analyze = new NpgsqlCommand("ANALYZE ingest.load, ref.kommune, plan.kp_planomrade, plan.kp_arealformal, plan.rp_planomrade", connection);
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        return new Summary(kommuner.Length, bolig, plans, vertices, holes, multi, omrade);
    }

    // Bolig polygons per kommune: a few towns with many, most kommuner with few, summing to the national share.
    private int[] BoligCounts()
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, NationalKommuner).Select(_ => Math.Exp(Gaussian(random) * 0.8)).ToArray();
        var total = weights.Sum();
        return weights.Take(KommuneCount).Select(w => Math.Max(3, (int)Math.Round(NationalBoligPolygons * w / total))).ToArray();
    }

    private static (double MinX, double MinY) Cell(int index) =>
        (OriginX + index % GridColumns * CellSize, OriginY + index / GridColumns * CellSize);

    private async Task<Dictionary<(string Dataset, string Kommune), long>> InsertLoadsAsync(
        NpgsqlDataSource dataSource, string[] kommuner, int[] counts, CancellationToken cancellationToken)
    {
        var loads = new Dictionary<(string, string), long>();
        string[] datasets = ["kommune", "kp-planomrade", "kp-arealformal", "rp-planomrade"];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var dataset in datasets)
        {
            var features = dataset switch
            {
                "kp-arealformal" => counts,
                "rp-planomrade" => counts.Select(c => c * PlansPerBoligPolygon).ToArray(),
                _ => counts.Select(_ => 1).ToArray(),
            };
            const string sql =
                """
                INSERT INTO ingest.load (dataset, kommunenummer, source_kind, source, started_at, finished_at, feature_count, checksum,
                                         duration_ms, outcome, repaired_count, dropped_count, skipped_count)
                SELECT $1, k.kommunenummer, 'file', $2, $3, $3, k.feature_count, md5($2 || k.kommunenummer), 0, 'loaded', 0, 0, 0
                FROM unnest($4::text[], $5::int[]) WITH ORDINALITY AS k (kommunenummer, feature_count, ordinal)
                ORDER BY k.ordinal
                RETURNING load_id, kommunenummer
                """;
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue(dataset);
            command.Parameters.AddWithValue(string.Create(CultureInfo.InvariantCulture, $"synthetic:national-benchmark;seed={seed};scale={scale}"));
            command.Parameters.AddWithValue(new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero));
            command.Parameters.AddWithValue(kommuner);
            command.Parameters.AddWithValue(features);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                loads[(dataset, reader.GetString(1))] = reader.GetInt64(0);
            }
        }
        return loads;
    }

    private static async Task WriteBordersAsync(NpgsqlConnection connection, string[] kommuner, Dictionary<(string, string), long> loads, CancellationToken cancellationToken)
    {
        await using (var borders = await connection.BeginBinaryImportAsync(
            "COPY ref.kommune (kommunenummer, navn, geom, load_id, source_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var k = 0; k < kommuner.Length; k++)
            {
                await borders.StartRowAsync(cancellationToken);
                await borders.WriteAsync(kommuner[k], NpgsqlDbType.Char, cancellationToken);
                await borders.WriteAsync($"Syntetisk kommune {kommuner[k]}", NpgsqlDbType.Text, cancellationToken);
                await borders.WriteAsync(CellGeometry(k), NpgsqlDbType.Geometry, cancellationToken);
                await borders.WriteAsync(loads[("kommune", kommuner[k])], NpgsqlDbType.Bigint, cancellationToken);
                await borders.WriteAsync($"kommune-{kommuner[k]}", NpgsqlDbType.Text, cancellationToken);
            }
            await borders.CompleteAsync(cancellationToken);
        }
        await using (var plans = await connection.BeginBinaryImportAsync(
            """
            COPY plan.kp_planomrade (load_id, kommunenummer, source_id, planidentifikasjon, plannavn, plantype, planstatus, ikrafttredelsesdato, geom)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken))
        {
            for (var k = 0; k < kommuner.Length; k++)
            {
                await plans.StartRowAsync(cancellationToken);
                await plans.WriteAsync(loads[("kp-planomrade", kommuner[k])], NpgsqlDbType.Bigint, cancellationToken);
                await plans.WriteAsync(kommuner[k], NpgsqlDbType.Char, cancellationToken);
                await plans.WriteAsync($"kpomrade-{kommuner[k]}", NpgsqlDbType.Text, cancellationToken);
                await plans.WriteAsync($"{kommuner[k]}KP2024", NpgsqlDbType.Text, cancellationToken);
                await plans.WriteAsync($"Kommuneplanens arealdel {kommuner[k]} 2024-2036", NpgsqlDbType.Text, cancellationToken);
                await plans.WriteAsync(21, NpgsqlDbType.Integer, cancellationToken);
                await plans.WriteAsync(3, NpgsqlDbType.Integer, cancellationToken);
                await plans.WriteAsync(new DateOnly(2024, 6, 20), NpgsqlDbType.Date, cancellationToken);
                await plans.WriteAsync(CellGeometry(k), NpgsqlDbType.Geometry, cancellationToken);
            }
            await plans.CompleteAsync(cancellationToken);
        }
    }

    private static MultiPolygon CellGeometry(int index)
    {
        var (x, y) = Cell(index);
        var ring = Factory.CreateLinearRing([new(x, y), new(x + CellSize, y), new(x + CellSize, y + CellSize), new(x, y + CellSize), new(x, y)]);
        return Factory.CreateMultiPolygon([Factory.CreatePolygon(ring)]);
    }

    private sealed record Shaped(MultiPolygon Geometry, double CentreX, double CentreY, bool HasHole);

    /// <summary>
    /// An irregular star-shaped outline around (cx, cy): radius modulated by a few low harmonics and vertex noise, then
    /// stretched and rotated. Star-shaped rings with increasing angles are simple, and an affine map keeps them simple, so
    /// every polygon is valid by construction; a hole is a smaller star inside the outline's inner radius, a second part
    /// a star placed beyond both outer radii. The whole shape is shifted to stay inside the kommune's cell.
    /// </summary>
    private static Shaped Shape(Random random, double cx, double cy, double radius, int vertices, double holeShare, double multiShare, (double MinX, double MinY) cell)
    {
        var stretch = 0.6 + random.NextDouble();
        var rotation = random.NextDouble() * Math.PI;
        var hasHole = random.NextDouble() < holeShare;
        var parts = new List<List<double[]>>
        {
            hasHole ? [Star(random, 0, 0, radius, vertices), Star(random, 0, 0, radius * (0.1 + 0.15 * random.NextDouble()), 20 + random.Next(40))]
                    : [Star(random, 0, 0, radius, vertices)],
        };
        if (random.NextDouble() < multiShare)
        {
            var second = radius * (0.3 + 0.5 * random.NextDouble());
            var angle = random.NextDouble() * 2 * Math.PI;
            var distance = 1.5 * (radius + second) + 5 + random.NextDouble() * radius;
            parts.Add([Star(random, Math.Cos(angle) * distance, Math.Sin(angle) * distance, second, Math.Max(24, vertices / 2))]);
        }

        var (cos, sin) = (Math.Cos(rotation), Math.Sin(rotation));
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var ring in parts.SelectMany(p => p))
        {
            for (var i = 0; i < ring.Length; i += 2)
            {
                var x = ring[i] * stretch;
                var y = ring[i + 1] / stretch;
                ring[i] = cx + x * cos - y * sin;
                ring[i + 1] = cy + x * sin + y * cos;
                minX = Math.Min(minX, ring[i]);
                maxX = Math.Max(maxX, ring[i]);
                minY = Math.Min(minY, ring[i + 1]);
                maxY = Math.Max(maxY, ring[i + 1]);
            }
        }
        const double margin = 50;
        var dx = Math.Max(0, cell.MinX + margin - minX) - Math.Max(0, maxX - (cell.MinX + CellSize - margin));
        var dy = Math.Max(0, cell.MinY + margin - minY) - Math.Max(0, maxY - (cell.MinY + CellSize - margin));

        var polygons = parts.Select(rings =>
        {
            var linear = rings.Select(ring =>
            {
                var coordinates = new Coordinate[ring.Length / 2 + 1];
                for (var i = 0; i < ring.Length; i += 2)
                {
                    // Centimetre precision, as the national plan copy delivers.
                    coordinates[i / 2] = new Coordinate(Math.Round(ring[i] + dx, 2), Math.Round(ring[i + 1] + dy, 2));
                }
                coordinates[^1] = coordinates[0].Copy();
                return Factory.CreateLinearRing(coordinates);
            }).ToArray();
            return Factory.CreatePolygon(linear[0], linear[1..]);
        }).ToArray();
        return new Shaped(Factory.CreateMultiPolygon(polygons), cx + dx, cy + dy, hasHole);
    }

    // Counter-clockwise star: radius(θ) = r · (1 + Σ a_k sin(kθ + φ_k)) · (1 ± 4 %), the harmonics summing to at most 0.35,
    // so the radius stays within [0.62 r, 1.41 r] and the vertices keep a few metres apart at centimetre rounding.
    private static double[] Star(Random random, double cx, double cy, double radius, int vertices)
    {
        Span<double> amplitude = stackalloc double[5];
        Span<double> phase = stackalloc double[5];
        var budget = 0.35;
        for (var k = 0; k < amplitude.Length; k++)
        {
            amplitude[k] = random.NextDouble() * budget * 0.6;
            budget -= amplitude[k];
            phase[k] = random.NextDouble() * 2 * Math.PI;
        }
        var ring = new double[vertices * 2];
        var step = 2 * Math.PI / vertices;
        for (var i = 0; i < vertices; i++)
        {
            var theta = (i + (random.NextDouble() - 0.5) * 0.6) * step;
            var factor = 1.0;
            for (var k = 0; k < amplitude.Length; k++)
            {
                factor += amplitude[k] * Math.Sin((k + 2) * theta + phase[k]);
            }
            var r = radius * factor * (0.96 + 0.08 * random.NextDouble());
            ring[2 * i] = cx + r * Math.Cos(theta);
            ring[2 * i + 1] = cy + r * Math.Sin(theta);
        }
        return ring;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
