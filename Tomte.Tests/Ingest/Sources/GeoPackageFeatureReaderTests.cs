using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Tomte.Worker.Ingest;
using Tomte.Worker.Ingest.Sources;

namespace Tomte.Tests.Ingest.Sources;

public sealed class GeoPackageFeatureReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tomte-gpkg-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reads_the_only_layer_with_fid_attributes_and_epsg_from_the_srs_table()
    {
        var path = Path.Combine(_directory, "kp.gpkg");
        GeoPackageFile.Create(path, ("kpomrade", 25833, GeoPackageFile.PlanRows));

        var source = FileSources.Open(path);
        Assert.IsType<GeoPackageFeatureReader>(source);
        var features = await Fixtures.ReadAllAsync(source);

        Assert.Equal(3, features.Count);
        var first = features[0];
        Assert.Equal("10", first.Id);
        Assert.Equal("3218", first.Properties["kommunenummer"]);
        Assert.Equal(3L, first.Properties["planstatus"]);
        Assert.Equal(12.5, first.Properties["areal"]);
        Assert.Equal(true, first.Properties["gjeldende"]);
        Assert.Equal("Ås sentrum (SYNTETISK)", first.Properties["plannavn"]);
        Assert.False(first.Properties.ContainsKey("fid"));
        Assert.False(first.Properties.ContainsKey("geom"));
        var polygon = Assert.IsType<Polygon>(first.Geometry);
        Assert.Equal(25833, polygon.SRID);
        Assert.Equal(1, polygon.NumInteriorRings);
        Assert.Null(features[1].Properties["plannavn"]);
        Assert.IsType<MultiPolygon>(features[1].Geometry);
        Assert.Null(features[2].Geometry);
    }

    [Fact]
    public async Task A_named_layer_is_chosen_among_several_and_errors_list_the_layers()
    {
        var path = Path.Combine(_directory, "two.gpkg");
        GeoPackageFile.Create(path, ("kpomrade", 25833, GeoPackageFile.PlanRows), ("rpomrade", 4258, GeoPackageFile.PlanRows));

        var rp = await Fixtures.ReadAllAsync(FileSources.Open(path, "rpomrade"));
        Assert.All(rp.Where(f => f.Geometry is not null), f => Assert.Equal(4258, f.Geometry!.SRID));
        Assert.Equal(path, new GeoPackageFeatureReader(path, "rpomrade").Description);

        var none = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(FileSources.Open(path)));
        Assert.Contains("has 2 feature tables (kpomrade, rpomrade); name the one to read", none.Message, StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(FileSources.Open(path, "hensyn")));
        Assert.Contains(path + " (layer hensyn): has no feature table 'hensyn'; it has: kpomrade, rpomrade", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_geometry_blob_names_the_feature()
    {
        var path = Path.Combine(_directory, "broken.gpkg");
        GeoPackageFile.Create(path, ("kpomrade", 25833, GeoPackageFile.PlanRows));
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE kpomrade SET geom = x'4750000100000000DEADBEEF' WHERE fid = 11";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(FileSources.Open(path)));

        Assert.True(error.Message.Contains("feature #1 (id '11'): the geometry cannot be read", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_a_geopackage_is_named()
    {
        var path = Path.Combine(_directory, "empty.gpkg");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (a INTEGER)";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<SourceFormatException>(() => Fixtures.ReadAllAsync(FileSources.Open(path)));

        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a GeoPackage", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Writes a minimal GeoPackage (the tables the OGC spec requires for a feature layer), as GDAL would.</summary>
internal static class GeoPackageFile
{
    public static readonly (long Fid, string Kommune, long Planstatus, double Areal, bool Gjeldende, string? Navn, Geometry? Geometry)[] PlanRows =
    [
        (10, "3218", 3, 12.5, true, "Ås sentrum (SYNTETISK)", new GeometryFactory().CreatePolygon(
            new GeometryFactory().CreateLinearRing([new(598000, 6616000), new(599000, 6616000), new(599000, 6617000), new(598000, 6617000), new(598000, 6616000)]),
            [new GeometryFactory().CreateLinearRing([new(598200, 6616200), new(598200, 6616300), new(598300, 6616300), new(598300, 6616200), new(598200, 6616200)])])),
        (11, "3218", 6, 1, false, null, new GeometryFactory().CreateMultiPolygon([
            (Polygon)new GeometryFactory().ToGeometry(new Envelope(600000, 600100, 6618000, 6618100)),
            (Polygon)new GeometryFactory().ToGeometry(new Envelope(600200, 600300, 6618000, 6618100))])),
        (12, "3218", 1, 0, false, "uten geometri", null),
    ];

    public static void Create(string path, params (string Table, int Epsg, (long Fid, string Kommune, long Planstatus, double Areal, bool Gjeldende, string? Navn, Geometry? Geometry)[] Rows)[] layers)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        Execute(connection, """
            PRAGMA application_id = 1196444487;
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL), ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
            """);
        var writer = new GeoPackageGeoWriter();
        foreach (var (table, epsg, rows) in layers)
        {
            // GDAL numbers srs_id after the EPSG code; 100000 + code shows the reader maps through the table, not the id.
            var srsId = 100_000 + epsg;
            Execute(connection, $"""
                INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('EPSG:{epsg}', {srsId}, 'EPSG', {epsg}, 'PROJCS[...]', NULL);
                INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('{table}', 'features', '{table}', {srsId});
                INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', 'GEOMETRY', {srsId}, 0, 0);
                CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY, kommunenummer TEXT, planstatus MEDIUMINT, areal REAL, gjeldende BOOLEAN, plannavn TEXT);
                """);
            foreach (var row in rows)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = $"INSERT INTO \"{table}\" VALUES ($fid, $geom, $k, $s, $a, $g, $n)";
                if (row.Geometry is not null)
                {
                    row.Geometry.SRID = srsId;
                }
                insert.Parameters.AddWithValue("$fid", row.Fid);
                insert.Parameters.AddWithValue("$geom", row.Geometry is null ? DBNull.Value : writer.Write(row.Geometry));
                insert.Parameters.AddWithValue("$k", row.Kommune);
                insert.Parameters.AddWithValue("$s", row.Planstatus);
                insert.Parameters.AddWithValue("$a", row.Areal);
                insert.Parameters.AddWithValue("$g", row.Gjeldende ? 1 : 0);
                insert.Parameters.AddWithValue("$n", (object?)row.Navn ?? DBNull.Value);
                insert.ExecuteNonQuery();
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
