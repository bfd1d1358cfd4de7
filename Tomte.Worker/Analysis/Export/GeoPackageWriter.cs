using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Tomte.Worker.Analysis.Export;

/// <summary>The attribute column types of a GeoPackage feature table that the export writes (OGC 12-128r18, 1.1.1.1.3).</summary>
public enum GeoPackageColumnType
{
    Integer,
    Real,
    Text,
    Boolean,
    Date,
    DateTime,
}

public sealed record GeoPackageColumn(string Name, GeoPackageColumnType Type);

/// <summary>
/// Writes a GeoPackage 1.3 file (OGC 12-128r18) with feature tables: the required gpkg_spatial_ref_sys, gpkg_contents
/// and gpkg_geometry_columns tables, geometries as GeoPackage binary (header with envelope, then WKB; NetTopologySuite's
/// GeoPackageGeoWriter), the layer extents in gpkg_contents, and an R-tree spatial index per layer (the gpkg_rtree_index
/// extension). NetTopologySuite.IO.GeoPackage writes geometry blobs only, not tables, hence this class.
/// The file is written in one SQLite transaction; the caller writes to a temporary name and moves it into place.
/// </summary>
public sealed class GeoPackageWriter : IDisposable
{
    private const int GeoPackageApplicationId = 0x47504B47; // "GPKG"
    private const int GeoPackageVersion = 10300;           // 1.3.0

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    // Plain XY: the layers declare z = 0 and m = 0 (prohibited), and NetTopologySuite would otherwise write XYZM with NaN
    // for Z and M, an XYZM envelope, and twice the bytes.
    private readonly GeoPackageGeoWriter _geometryWriter = new() { HandleOrdinates = Ordinates.XY };

    private GeoPackageWriter(SqliteConnection connection)
    {
        _connection = connection;
        Execute($"PRAGMA application_id = {GeoPackageApplicationId}; PRAGMA user_version = {GeoPackageVersion}; PRAGMA journal_mode = OFF;");
        _transaction = connection.BeginTransaction();
        Execute(
            """
            CREATE TABLE gpkg_spatial_ref_sys (
                srs_name TEXT NOT NULL,
                srs_id INTEGER PRIMARY KEY,
                organization TEXT NOT NULL,
                organization_coordsys_id INTEGER NOT NULL,
                definition TEXT NOT NULL,
                description TEXT
            );
            CREATE TABLE gpkg_contents (
                table_name TEXT NOT NULL PRIMARY KEY,
                data_type TEXT NOT NULL,
                identifier TEXT UNIQUE,
                description TEXT DEFAULT '',
                last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
                srs_id INTEGER,
                CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
            );
            CREATE TABLE gpkg_geometry_columns (
                table_name TEXT NOT NULL,
                column_name TEXT NOT NULL,
                geometry_type_name TEXT NOT NULL,
                srs_id INTEGER NOT NULL,
                z TINYINT NOT NULL,
                m TINYINT NOT NULL,
                CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
            );
            CREATE TABLE gpkg_extensions (
                table_name TEXT,
                column_name TEXT,
                extension_name TEXT NOT NULL,
                definition TEXT NOT NULL,
                scope TEXT NOT NULL,
                CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
            );
            INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES
                ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
                ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
            """);
    }

    /// <summary>Creates a new GeoPackage at <paramref name="path"/>, which must not exist.</summary>
    public static GeoPackageWriter Create(string path)
    {
        if (File.Exists(path))
        {
            throw new IOException($"{path} exists already");
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // a pooled connection keeps the file open, and the caller moves it next
        }.ConnectionString);
        connection.Open();
        return new GeoPackageWriter(connection);
    }

    /// <summary>Registers a coordinate reference system (the definition is OGC WKT, e.g. PostGIS's spatial_ref_sys.srtext).</summary>
    public void AddSpatialReferenceSystem(int srid, string name, string organization, string definition)
    {
        using var command = Command(
            """
            INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition)
            VALUES ($name, $id, $organization, $id, $definition)
            """);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$id", srid);
        command.Parameters.AddWithValue("$organization", organization);
        command.Parameters.AddWithValue("$definition", definition);
        command.ExecuteNonQuery();
    }

    /// <summary>Creates a feature table (fid, geom, then the attribute columns) and returns a writer for its rows.</summary>
    public Layer BeginLayer(string table, string identifier, string description, string geometryType, int srid, IReadOnlyList<GeoPackageColumn> columns)
    {
        var definitions = string.Concat(columns.Select(c => $", {Quote(c.Name)} {SqlType(c.Type)}"));
        Execute($"CREATE TABLE {Quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {geometryType}{definitions})");
        using (var contents = Command(
            """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)
            VALUES ($table, 'features', $identifier, $description, strftime('%Y-%m-%dT%H:%M:%fZ','now'), $srid);
            INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
            VALUES ($table, 'geom', $type, $srid, 0, 0);
            """))
        {
            contents.Parameters.AddWithValue("$table", table);
            contents.Parameters.AddWithValue("$identifier", identifier);
            contents.Parameters.AddWithValue("$description", description);
            contents.Parameters.AddWithValue("$type", geometryType);
            contents.Parameters.AddWithValue("$srid", srid);
            contents.ExecuteNonQuery();
        }
        var insert = Command(
            $"INSERT INTO {Quote(table)} (fid, geom{string.Concat(columns.Select(c => ", " + Quote(c.Name)))}) " +
            $"VALUES ($fid, $geom{string.Concat(columns.Select((_, i) => $", $p{i}"))})");
        insert.Parameters.Add("$fid", SqliteType.Integer);
        insert.Parameters.Add("$geom", SqliteType.Blob);
        for (var i = 0; i < columns.Count; i++)
        {
            insert.Parameters.Add($"$p{i}", columns[i].Type switch
            {
                GeoPackageColumnType.Integer or GeoPackageColumnType.Boolean => SqliteType.Integer,
                GeoPackageColumnType.Real => SqliteType.Real,
                _ => SqliteType.Text,
            });
        }
        insert.Prepare();
        return new Layer(this, table, columns, insert);
    }

    /// <summary>Commits the file. Without it, disposing leaves nothing usable (the caller deletes the temporary file).</summary>
    public void Commit()
    {
        _transaction.Commit();
        // Statistics for SQLite's planner, as GDAL writes them; outside the finished transaction.
        using var analyze = _connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _transaction.Dispose();
        _connection.Dispose();
    }

    /// <summary>Rows of one feature table; <see cref="Complete"/> stores the extent and builds the spatial index.</summary>
    public sealed class Layer(GeoPackageWriter owner, string table, IReadOnlyList<GeoPackageColumn> columns, SqliteCommand insert) : IDisposable
    {
        private readonly List<(long Fid, Envelope Envelope)> _envelopes = [];
        private double _minX = double.MaxValue, _minY = double.MaxValue, _maxX = double.MinValue, _maxY = double.MinValue;

        public long Count { get; private set; }

        /// <param name="values">One value per attribute column, in order; null for NULL.</param>
        public void Add(Geometry? geometry, IReadOnlyList<object?> values)
        {
            var fid = Count + 1;
            if (geometry is { IsEmpty: false })
            {
                var envelope = geometry.EnvelopeInternal;
                _envelopes.Add((fid, envelope));
                _minX = Math.Min(_minX, envelope.MinX);
                _minY = Math.Min(_minY, envelope.MinY);
                _maxX = Math.Max(_maxX, envelope.MaxX);
                _maxY = Math.Max(_maxY, envelope.MaxY);
            }
            insert.Parameters[0].Value = fid;
            insert.Parameters[1].Value = geometry is null ? DBNull.Value : owner._geometryWriter.Write(geometry);
            for (var i = 0; i < columns.Count; i++)
            {
                insert.Parameters[i + 2].Value = values[i] is { } value ? Convert(value, columns[i].Type) : DBNull.Value;
            }
            insert.ExecuteNonQuery();
            Count++;
        }

        public void Complete()
        {
            if (Count > 0 && _minX <= _maxX)
            {
                using var extent = owner.Command("UPDATE gpkg_contents SET min_x = $minx, min_y = $miny, max_x = $maxx, max_y = $maxy WHERE table_name = $table");
                extent.Parameters.AddWithValue("$minx", _minX);
                extent.Parameters.AddWithValue("$miny", _minY);
                extent.Parameters.AddWithValue("$maxx", _maxX);
                extent.Parameters.AddWithValue("$maxy", _maxY);
                extent.Parameters.AddWithValue("$table", table);
                extent.ExecuteNonQuery();
            }
            owner.AddSpatialIndex(table, _envelopes);
        }

        public void Dispose() => insert.Dispose();

        private static object Convert(object value, GeoPackageColumnType type) => type switch
        {
            GeoPackageColumnType.Boolean => (bool)value ? 1 : 0,
            GeoPackageColumnType.Integer => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
            GeoPackageColumnType.Real => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
            GeoPackageColumnType.Date => value switch
            {
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTime dateTime => dateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException($"a DATE column got a {value.GetType().Name}"),
            },
            GeoPackageColumnType.DateTime => value switch
            {
                DateTime dateTime => dateTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException($"a DATETIME column got a {value.GetType().Name}"),
            },
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    // The gpkg_rtree_index extension (OGC 12-128r18, F.3): filled from the rows already written, then the triggers that
    // keep it current when someone edits the layer in QGIS. The triggers call ST_* functions that GeoPackage readers
    // (GDAL, QGIS) register, so they are created after our own inserts, which SQLite alone could not run through them.
    private void AddSpatialIndex(string table, List<(long Fid, Envelope Envelope)> envelopes)
    {
        var t = table;
        var rtree = Quote($"rtree_{t}_geom");
        Execute(
            $"""
            INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)
            VALUES ('{t.Replace("'", "''", StringComparison.Ordinal)}', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
            CREATE VIRTUAL TABLE {rtree} USING rtree(id, minx, maxx, miny, maxy);
            """);
        using (var fill = Command($"INSERT INTO {rtree} (id, minx, maxx, miny, maxy) VALUES ($id, $minx, $maxx, $miny, $maxy)"))
        {
            var id = fill.Parameters.Add("$id", SqliteType.Integer);
            var minX = fill.Parameters.Add("$minx", SqliteType.Real);
            var maxX = fill.Parameters.Add("$maxx", SqliteType.Real);
            var minY = fill.Parameters.Add("$miny", SqliteType.Real);
            var maxY = fill.Parameters.Add("$maxy", SqliteType.Real);
            fill.Prepare();
            foreach (var (fid, envelope) in envelopes)
            {
                id.Value = fid;
                minX.Value = envelope.MinX;
                maxX.Value = envelope.MaxX;
                minY.Value = envelope.MinY;
                maxY.Value = envelope.MaxY;
                fill.ExecuteNonQuery();
            }
        }
        var q = Quote(t);
        var name = (string suffix) => Quote($"rtree_{t}_geom_{suffix}");
        Execute(
            $"""
            CREATE TRIGGER {name("insert")} AFTER INSERT ON {q}
              WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN
              INSERT OR REPLACE INTO {rtree} VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
            END;
            CREATE TRIGGER {name("update1")} AFTER UPDATE OF geom ON {q}
              WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN
              INSERT OR REPLACE INTO {rtree} VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
            END;
            CREATE TRIGGER {name("update2")} AFTER UPDATE OF geom ON {q}
              WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
            BEGIN
              DELETE FROM {rtree} WHERE id = OLD.fid;
            END;
            CREATE TRIGGER {name("update3")} AFTER UPDATE ON {q}
              WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN
              DELETE FROM {rtree} WHERE id = OLD.fid;
              INSERT OR REPLACE INTO {rtree} VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
            END;
            CREATE TRIGGER {name("update4")} AFTER UPDATE ON {q}
              WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
            BEGIN
              DELETE FROM {rtree} WHERE id IN (OLD.fid, NEW.fid);
            END;
            CREATE TRIGGER {name("delete")} AFTER DELETE ON {q}
              WHEN old.geom NOT NULL
            BEGIN
              DELETE FROM {rtree} WHERE id = OLD.fid;
            END;
            """);
    }

    private static string SqlType(GeoPackageColumnType type) => type switch
    {
        GeoPackageColumnType.Integer => "INTEGER",
        GeoPackageColumnType.Real => "REAL",
        GeoPackageColumnType.Boolean => "BOOLEAN",
        GeoPackageColumnType.Date => "DATE",
        GeoPackageColumnType.DateTime => "DATETIME",
        _ => "TEXT",
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
    }
}
