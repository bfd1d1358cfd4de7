using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Tomte.Worker.Analysis.Export;

public enum ExportFormat
{
    Gpkg,
    GeoJson,
}

/// <param name="OutPath">GeoPackage: the .gpkg file. GeoJSON: the folder that gets one &lt;layer&gt;.geojson per layer.</param>
/// <param name="Kommuner">Only these kommuner; empty: all.</param>
public sealed record ExportRequest(ExportFormat Format, string OutPath, IReadOnlyList<string> Kommuner);

public sealed record ExportResult(ExportFormat Format, string Path, IReadOnlyList<(ExportLayer Layer, long Rows)> Layers, TimeSpan Duration);

/// <summary>
/// <c>tomte export</c>: writes the sites and the layers around them (<see cref="ExportLayers"/>) from the views of
/// migration 0031. GeoPackage: one file, every layer a feature table in EPSG:25833. GeoJSON: one RFC 7946
/// FeatureCollection per layer in a folder, in WGS 84 longitude/latitude (7 decimals, about 1 cm), as RFC 7946 requires.
/// Everything is written under a temporary name and moved into place at the end, so a failed export leaves no
/// half-written file and an earlier export stays as it was.
/// </summary>
public sealed partial class ExportRunner(NpgsqlDataSource dataSource, ILogger<ExportRunner> logger)
{
    public async Task<ExportResult> RunAsync(ExportRequest request, TextWriter? progress, CancellationToken cancellationToken)
    {
        var target = CheckRequest(request);
        var clock = Stopwatch.StartNew();
        logger.ExportStarting(request.Format.ToString(), target, request.Kommuner.Count);
        try
        {
            // The data source may have loaded its types before a migration in this process created PostGIS (the demo on
            // a fresh database); then it would not know geometry. One catalog query per export.
            await dataSource.ReloadTypesAsync(cancellationToken);
            var layers = request.Format == ExportFormat.Gpkg
                ? await WriteGeoPackageAsync(target, request.Kommuner, progress, cancellationToken)
                : await WriteGeoJsonAsync(target, request.Kommuner, progress, cancellationToken);
            logger.ExportFinished(target, layers.Count, layers.Sum(l => l.Rows), clock.ElapsedMilliseconds);
            return new ExportResult(request.Format, target, layers, clock.Elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var known = ex switch
            {
                ExportException export => export,
                PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } missing =>
                    new ExportException($"databasen mangler eksportvisningene ({missing.MessageText}); kjør tomte migrate", ex),
                IOException or UnauthorizedAccessException => new ExportException($"kan ikke skrive {target}: {ex.Message}", ex),
                _ => null,
            };
            if (known is null)
            {
                logger.ExportFailed(target, ex);
                throw;
            }
            // An expected failure (disk, permissions, schema): its reason is the whole story, so no stack trace on stderr.
            logger.ExportRefused(target, known.Message);
            throw known;
        }
    }

    private static string CheckRequest(ExportRequest request)
    {
        foreach (var kommune in request.Kommuner)
        {
            if (!Kommunenummer().IsMatch(kommune))
            {
                throw new ExportException($"--kommune '{kommune}' er ikke et firesifret kommunenummer (f.eks. 3218)");
            }
        }
        if (string.IsNullOrWhiteSpace(request.OutPath))
        {
            throw new ExportException("--out mangler: oppgi filen (GeoPackage) eller mappen (GeoJSON) det skal skrives til");
        }
        string target;
        try
        {
            target = Path.GetFullPath(request.OutPath);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ExportException($"--out '{request.OutPath}' er ikke en gyldig sti ({ex.Message})", ex);
        }
        var parent = Path.GetDirectoryName(target);
        if (request.Format == ExportFormat.Gpkg)
        {
            if (Directory.Exists(target))
            {
                throw new ExportException($"--out {target} er en mappe; oppgi en fil som slutter på .gpkg");
            }
            if (!target.EndsWith(".gpkg", StringComparison.OrdinalIgnoreCase))
            {
                throw new ExportException($"--out {target}: en GeoPackage-fil må slutte på .gpkg (QGIS kjenner den igjen på det)");
            }
        }
        else if (File.Exists(target))
        {
            throw new ExportException($"--out {target} er en fil; GeoJSON skrives som én fil per lag i en mappe");
        }
        if (parent is null || !Directory.Exists(parent))
        {
            throw new ExportException($"--out {target}: mappen {parent} finnes ikke");
        }
        return target;
    }

    private async Task<List<(ExportLayer Layer, long Rows)>> WriteGeoPackageAsync(string target, IReadOnlyList<string> kommuner, TextWriter? progress, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var written = new List<(ExportLayer Layer, long Rows)>();
        try
        {
            using (var geoPackage = GeoPackageWriter.Create(temporary))
            {
                foreach (var srid in new[] { 4326, ExportLayers.Srid })
                {
                    var (name, organization, definition) = await SpatialReferenceAsync(srid, cancellationToken);
                    geoPackage.AddSpatialReferenceSystem(srid, name, organization, definition);
                }
                foreach (var layer in ExportLayers.All)
                {
                    var clock = Stopwatch.StartNew();
                    await using var command = dataSource.CreateCommand(
                        $"SELECT * FROM analysis.{layer.View} WHERE ($1::text[] IS NULL OR kommunenummer = ANY($1)) ORDER BY {layer.Key}");
                    command.Parameters.Add(KommuneParameter(kommuner));
                    command.CommandTimeout = 0;
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    var geometryOrdinal = reader.GetOrdinal("geom");
                    var columns = new List<(int Ordinal, GeoPackageColumn Column)>();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (i != geometryOrdinal)
                        {
                            columns.Add((i, new GeoPackageColumn(reader.GetName(i), ColumnType(layer, reader.GetName(i), reader.GetDataTypeName(i)))));
                        }
                    }
                    using var table = geoPackage.BeginLayer(layer.Name, layer.Title, layer.Description, layer.GeometryType, ExportLayers.Srid,
                        columns.Select(c => c.Column).ToArray());
                    var values = new object?[columns.Count];
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        for (var c = 0; c < columns.Count; c++)
                        {
                            values[c] = reader.IsDBNull(columns[c].Ordinal) ? null : reader.GetValue(columns[c].Ordinal);
                        }
                        var geometry = reader.IsDBNull(geometryOrdinal) ? null : reader.GetFieldValue<Geometry>(geometryOrdinal);
                        table.Add(geometry, values);
                    }
                    table.Complete();
                    written.Add((layer, table.Count));
                    logger.LayerWritten(layer.Name, table.Count, clock.ElapsedMilliseconds);
                    if (progress is not null)
                    {
                        await progress.WriteLineAsync($"  {layer.Name}: {table.Count} objekter");
                    }
                }
                geoPackage.Commit();
            }
            File.Move(temporary, target, overwrite: true);
            return written;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<List<(ExportLayer Layer, long Rows)>> WriteGeoJsonAsync(string target, IReadOnlyList<string> kommuner, TextWriter? progress, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        var written = new List<(ExportLayer Layer, long Rows)>();
        try
        {
            foreach (var layer in ExportLayers.All)
            {
                var clock = Stopwatch.StartNew();
                var rows = 0L;
                // The view's own columns as properties, in their order, and its geometry in WGS 84; PostGIS writes each Feature.
                await using var command = dataSource.CreateCommand(
                    $"""
                    SELECT ST_AsGeoJSON(v.*, 'geom', 7)
                    FROM (SELECT {await PropertyColumnsAsync(layer, cancellationToken)}, ST_Transform(x.geom, 4326) AS geom
                          FROM analysis.{layer.View} x
                          WHERE ($1::text[] IS NULL OR x.kommunenummer = ANY($1))) v
                    ORDER BY v.{layer.Key}
                    """);
                command.Parameters.Add(KommuneParameter(kommuner));
                command.CommandTimeout = 0;
                await using (var file = new StreamWriter(Path.Combine(staging, layer.Name + ".geojson"), append: false, new UTF8Encoding(false)))
                {
                    await file.WriteAsync($"{{\"type\":\"FeatureCollection\",\"name\":\"{layer.Name}\",\"features\":[");
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        await file.WriteAsync(rows == 0 ? "\n" : ",\n");
                        await file.WriteAsync(reader.GetString(0));
                        rows++;
                    }
                    await file.WriteAsync("\n]}\n");
                }
                written.Add((layer, rows));
                logger.LayerWritten(layer.Name, rows, clock.ElapsedMilliseconds);
                if (progress is not null)
                {
                    await progress.WriteLineAsync($"  {layer.Name}.geojson: {rows} objekter");
                }
            }
            Directory.CreateDirectory(target);
            foreach (var layer in ExportLayers.All)
            {
                File.Move(Path.Combine(staging, layer.Name + ".geojson"), Path.Combine(target, layer.Name + ".geojson"), overwrite: true);
            }
            return written;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private async Task<string> PropertyColumnsAsync(ExportLayer layer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT string_agg('x.' || quote_ident(column_name), ', ' ORDER BY ordinal_position)
            FROM information_schema.columns
            WHERE table_schema = 'analysis' AND table_name = $1 AND column_name <> 'geom'
            """);
        command.Parameters.AddWithValue(layer.View);
        return await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new ExportException($"databasen mangler visningen analysis.{layer.View}; kjør tomte migrate");
    }

    private async Task<(string Name, string Organization, string Definition)> SpatialReferenceAsync(int srid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT auth_name, srtext FROM spatial_ref_sys WHERE srid = $1");
        command.Parameters.AddWithValue(srid);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new ExportException($"PostGIS kjenner ikke EPSG:{srid} (spatial_ref_sys)");
        }
        var definition = reader.GetString(1);
        // WKT starts with the system's name: PROJCS["ETRS89 / UTM zone 33N", ...
        var name = definition.Split('"') is { Length: > 1 } parts ? parts[1] : $"EPSG:{srid}";
        return (name, reader.GetString(0), definition);
    }

    private static NpgsqlParameter KommuneParameter(IReadOnlyList<string> kommuner) =>
        new() { Value = kommuner.Count == 0 ? DBNull.Value : kommuner.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text };

    // Npgsql names types as PostgreSQL does, with modifiers: numeric(12,2), character(4).
    private static GeoPackageColumnType ColumnType(ExportLayer layer, string column, string dataType) => dataType.Split('(')[0].Trim() switch
    {
        "smallint" or "integer" or "bigint" => GeoPackageColumnType.Integer,
        "numeric" or "real" or "double precision" => GeoPackageColumnType.Real,
        "boolean" => GeoPackageColumnType.Boolean,
        "date" => GeoPackageColumnType.Date,
        "timestamp with time zone" or "timestamp without time zone" => GeoPackageColumnType.DateTime,
        "text" or "name" or "character" or "character varying" => GeoPackageColumnType.Text,
        _ => throw new ExportException($"kolonnen {column} i analysis.{layer.View} har typen {dataType}, som eksporten ikke kan skrive"),
    };

    [GeneratedRegex("^[0-9]{4}$")]
    private static partial Regex Kommunenummer();
}

/// <summary>An export that cannot be done as asked (bad path, bad kommunenummer, missing views); the message says why.</summary>
public sealed class ExportException : Exception
{
    public ExportException()
    {
    }

    public ExportException(string message) : base(message)
    {
    }

    public ExportException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
