using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Tomte.Worker.Ingest.Sources;

/// <summary>
/// One feature table of a GeoPackage, streamed row by row: the fid is the feature id, every other column a
/// property (column names as they are), the EPSG code taken from gpkg_spatial_ref_sys.
/// </summary>
public sealed class GeoPackageFeatureReader : IFeatureSource
{
    private readonly string _path;
    private readonly string? _layer;

    /// <param name="layer">The feature table to read; may be null when the file has exactly one.</param>
    public GeoPackageFeatureReader(string path, string? layer = null)
    {
        _path = Path.GetFullPath(path);
        _layer = string.IsNullOrWhiteSpace(layer) ? null : layer;
    }

    public string Description => _path;

    /// <summary>The file and, when one was named, the layer: what error messages point at.</summary>
    private string Where => _layer is null ? _path : $"{_path} (layer {_layer})";

    public async IAsyncEnumerable<SourceFeature> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            throw new FileNotFoundException($"{_path}: the file does not exist", _path);
        }
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var table = await ChooseTableAsync(connection, cancellationToken).ConfigureAwait(false);
            var (geometryColumn, srid) = await GeometryColumnAsync(connection, table, cancellationToken).ConfigureAwait(false);
            var (keyColumn, booleans) = await ColumnsAsync(connection, table, cancellationToken).ConfigureAwait(false);

            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"SELECT * FROM {Quote(table)}";
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var names = new string[reader.FieldCount];
                    var geometryOrdinal = -1;
                    var keyOrdinal = -1;
                    var isBoolean = new bool[reader.FieldCount];
                    for (var i = 0; i < names.Length; i++)
                    {
                        names[i] = reader.GetName(i);
                        isBoolean[i] = booleans.Contains(names[i]);
                        if (string.Equals(names[i], geometryColumn, StringComparison.OrdinalIgnoreCase))
                        {
                            geometryOrdinal = i;
                        }
                        if (keyColumn is not null && string.Equals(names[i], keyColumn, StringComparison.OrdinalIgnoreCase))
                        {
                            keyOrdinal = i;
                        }
                    }
                    var geometryReader = new GeoPackageGeoReader { HandleSRID = false };
                    var index = -1L;
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        index++;
                        var id = keyOrdinal >= 0 && !reader.IsDBNull(keyOrdinal)
                            ? Convert.ToString(reader.GetValue(keyOrdinal), CultureInfo.InvariantCulture)
                            : null;
                        var properties = new Dictionary<string, object?>(names.Length, StringComparer.Ordinal);
                        Geometry? geometry = null;
                        for (var i = 0; i < names.Length; i++)
                        {
                            if (i == keyOrdinal)
                            {
                                continue;
                            }
                            if (i == geometryOrdinal)
                            {
                                geometry = ReadGeometry(reader, i, geometryReader, srid, index, id);
                                continue;
                            }
                            properties[names[i]] = Value(reader, i, isBoolean[i]);
                        }
                        yield return new SourceFeature(index, id, geometry, properties);
                    }
                }
            }
        }
    }

    private Geometry? ReadGeometry(SqliteDataReader reader, int ordinal, GeoPackageGeoReader geometryReader, int srid, long index, string? id)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        try
        {
            var geometry = geometryReader.Read(reader.GetFieldValue<byte[]>(ordinal));
            if (geometry.IsEmpty && geometry is Point)
            {
                return null;
            }
            geometry.SRID = srid;
            return geometry;
        }
        catch (Exception ex) when (ex is ArgumentException or ParseException or InvalidOperationException or IOException or IndexOutOfRangeException or TopologyException)
        {
            throw new SourceFormatException(Where, FeatureLabel.Of(index, id), $"the geometry cannot be read: {ex.Message}", ex);
        }
    }

    private static object? Value(SqliteDataReader reader, int ordinal, bool boolean)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        return reader.GetValue(ordinal) switch
        {
            long whole when boolean => whole != 0 ? Values.True : Values.False,
            long whole => Values.Box(whole),
            double real => real,
            string text => text,
            byte[] bytes => Convert.ToBase64String(bytes),
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };
    }

    private async Task<string> ChooseTableAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        try
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name";
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        tables.Add(reader.GetString(0));
                    }
                }
            }
        }
        catch (SqliteException ex)
        {
            throw new SourceFormatException(Where, null, $"not a GeoPackage ({ex.Message})", ex);
        }
        if (_layer is not null)
        {
            var match = tables.Find(t => string.Equals(t, _layer, StringComparison.OrdinalIgnoreCase));
            return match ?? throw new SourceFormatException(Where, null,
                $"has no feature table '{_layer}'; it has: {(tables.Count == 0 ? "none" : string.Join(", ", tables))}");
        }
        return tables.Count switch
        {
            1 => tables[0],
            0 => throw new SourceFormatException(Where, null, "has no feature tables"),
            _ => throw new SourceFormatException(Where, null, $"has {tables.Count} feature tables ({string.Join(", ", tables)}); name the one to read"),
        };
    }

    private async Task<(string Column, int Srid)> GeometryColumnAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = """
                SELECT g.column_name, g.srs_id, s.organization, s.organization_coordsys_id
                FROM gpkg_geometry_columns g
                LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
                WHERE g.table_name = $table COLLATE NOCASE
                """;
            command.Parameters.AddWithValue("$table", table);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new SourceFormatException(Where, null, $"table '{table}' has no row in gpkg_geometry_columns");
                }
                var column = reader.GetString(0);
                var srsId = reader.GetInt32(1);
                var organization = reader.IsDBNull(2) ? null : reader.GetString(2);
                var code = reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3);
                if (srsId is -1 or 0)
                {
                    // The GeoPackage spec's "undefined" Cartesian and geographic systems: nothing to transform from.
                    return (column, 0);
                }
                if (organization is null || !organization.Equals("EPSG", StringComparison.OrdinalIgnoreCase) || code is null)
                {
                    throw new SourceFormatException(Where, null, $"srs_id {srsId} of table '{table}' is not an EPSG CRS ({organization ?? "not in gpkg_spatial_ref_sys"})");
                }
                var text = "EPSG:" + code.Value.ToString(CultureInfo.InvariantCulture);
                return Crs.TryParse(text, out var crs)
                    ? (column, crs.Srid)
                    : throw new SourceFormatException(Where, null, Crs.Unsupported(text));
            }
        }
    }

    private static async Task<(string? Key, HashSet<string> Booleans)> ColumnsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        string? key = null;
        var booleans = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = $"PRAGMA table_info({Quote(table)})";
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var name = reader.GetString(1);
                    var type = reader.IsDBNull(2) ? "" : reader.GetString(2);
                    if (reader.GetInt32(5) == 1)
                    {
                        key = name;
                    }
                    if (type.Equals("BOOLEAN", StringComparison.OrdinalIgnoreCase))
                    {
                        booleans.Add(name);
                    }
                }
            }
        }
        return (key, booleans);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
