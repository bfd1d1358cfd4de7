using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Analysis.Export;

namespace Tomte.Tests.Export;

/// <summary>
/// <c>tomte export --format gpkg</c> against a real PostGIS: the GeoPackage holds every layer with the same rows, areas
/// and attributes as the views it came from, is a conforming GeoPackage (metadata tables, extents, R-tree), and GDAL's
/// ogrinfo (what QGIS reads GeoPackages with) opens it without a complaint.
/// </summary>
public sealed class GeoPackageExportTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("tomte-export-").FullName;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await ExportFixture.LoadAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    private async Task<ExportResult> ExportAsync(string path, params string[] kommuner)
    {
        using var host = TestHost.Build(_database);
        return await TestHost.Get<ExportRunner>(host).RunAsync(new ExportRequest(ExportFormat.Gpkg, path, kommuner), null, CancellationToken.None);
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static List<object?[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    private async Task<Dictionary<string, double>> ViewAreasAsync(ExportLayer layer)
    {
        // A line layer's measure is its length.
        await using var command = _database.DataSource.CreateCommand($"SELECT {layer.Key}::text, ST_Area(geom) + ST_Length(geom) FROM analysis.{layer.View}");
        await using var reader = await command.ExecuteReaderAsync();
        var areas = new Dictionary<string, double>();
        while (await reader.ReadAsync())
        {
            areas[reader.GetString(0)] = reader.GetDouble(1);
        }
        return areas;
    }

    [Fact]
    public async Task Every_layer_reads_back_with_the_same_rows_areas_and_attributes()
    {
        var path = Path.Combine(_scratch, "tomter.gpkg");
        var result = await ExportAsync(path);

        Assert.Equal(ExportLayers.All.Select(l => l.Name), result.Layers.Select(l => l.Layer.Name));
        Assert.Equal(
            [("tomter", 3L), ("tomter_borte", 1L), ("verneomrader", 1L), ("flomsoner", 2L), ("kvikkleire", 1L), ("dyrka_mark", 1L), ("kulturminner", 1L),
             ("hensynssoner", 1L), ("vedtatte_reguleringsplaner", 3L), ("planarbeid", 2L), ("kommuneplan_bolig", 2L), ("veger", 3L)],
            result.Layers.Select(l => (l.Layer.Name, l.Rows)));

        using var gpkg = Open(path);
        var geometryReader = new GeoPackageGeoReader { HandleSRID = true };
        foreach (var layer in ExportLayers.All)
        {
            var expected = await ViewAreasAsync(layer);
            var actual = Rows(gpkg, $"SELECT CAST(\"{layer.Key}\" AS TEXT), geom FROM \"{layer.Name}\"")
                .ToDictionary(r => (string)r[0]!, r => geometryReader.Read((byte[])r[1]!));
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (key, area) in expected)
            {
                Assert.Equal(25833, actual[key].SRID);
                Assert.Equal(layer.GeometryType == "MULTILINESTRING" ? "MultiLineString" : "MultiPolygon", actual[key].GeometryType);
                Assert.Equal(area, layer.GeometryType == "MULTILINESTRING" ? actual[key].Length : actual[key].Area, 6);
            }
        }

        // Every attribute of a site, flattened as the view has it.
        var site = Rows(gpkg,
            """
            SELECT kommunenummer, kommunenavn, areal_daa, est_boliger, score, endring, ma_vurderes, arealformal, kilde_ids, noen_planlegger_her,
                   plansignaler, andel_flomsone, andel_dyrka_mark, andel_verneomrade, andel_hensyn_stoy, naermeste_stopp_m, naermeste_stopp,
                   antall_teig, regulert_av, forst_sett, sist_sett, endring_at, naermeste_vei_m
            FROM tomter WHERE tomte_id = '3218-0001'
            """).Single();
        Assert.Equal<object?>(
            ["3218", "Ås", 230.0, 575L, 72.5, "ny", 0L, "1110", "kp-1", 1L,
             "R-3 Syntetisk planforslag (reguleringsplan, planstatus 2)", 0.12, 0.5, 0.0, 0.25, 340.5, "Syntetisk holdeplass Ås 1",
             7L, null, "2026-01-05T08:00:00.000Z", "2026-02-05T08:00:00.000Z", "2026-01-05T08:00:00.000Z", 85.5],
            site);
        Assert.Equal<object?>(["R-1", "2019-05-02", 3L, 2L], Rows(gpkg,
            "SELECT planidentifikasjon, ikrafttredelsesdato, planstatus, vertikalniva FROM vedtatte_reguleringsplaner WHERE kilde_id = 'rp-1'").Single());
        Assert.Equal<object?>(["R-1"], Rows(gpkg, "SELECT regulert_av FROM tomter_borte").Single());
        Assert.Equal<object?>(["veg-2", "P", null, 0L, 350.0], Rows(gpkg, "SELECT kilde_id, vegkategori, vegnummer, offentlig, lengde_m FROM veger WHERE kilde_id = 'veg-2'").Single());
    }

    [Fact]
    public async Task The_file_is_a_conforming_GeoPackage_with_extents_and_a_spatial_index()
    {
        var path = Path.Combine(_scratch, "tomter.gpkg");
        await ExportAsync(path);
        using var gpkg = Open(path);

        Assert.Equal(0x47504B47L, Rows(gpkg, "PRAGMA application_id").Single()[0]);
        Assert.Equal(10300L, Rows(gpkg, "PRAGMA user_version").Single()[0]);
        Assert.Equal("ok", Rows(gpkg, "PRAGMA integrity_check").Single()[0]);
        Assert.Empty(Rows(gpkg, "PRAGMA foreign_key_check"));
        var systems = Rows(gpkg, "SELECT srs_id, organization, organization_coordsys_id, srs_name, definition FROM gpkg_spatial_ref_sys ORDER BY srs_id");
        Assert.Equal([-1L, 0L, 4326L, 25833L], systems.Select(r => r[0]));
        Assert.Equal<object?>(["EPSG", 25833L, "ETRS89 / UTM zone 33N"], systems[3][1..4]);
        Assert.StartsWith("PROJCS[\"ETRS89 / UTM zone 33N\"", (string)systems[3][4]!, StringComparison.Ordinal);

        var columns = Rows(gpkg, "SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns ORDER BY table_name");
        Assert.Equal(ExportLayers.All.Select(l => l.Name).Order(StringComparer.Ordinal), columns.Select(c => (string)c[0]!));
        Assert.All(columns, c => Assert.Equal<object?>(["geom", ExportLayers.All.Single(l => l.Name == (string)c[0]!).GeometryType, 25833L, 0L, 0L], c[1..]));

        foreach (var layer in ExportLayers.All)
        {
            var contents = Rows(gpkg, $"SELECT data_type, identifier, srs_id, min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = '{layer.Name}'").Single();
            Assert.Equal<object?>(["features", layer.Title, 25833L], contents[..3]);
            await using var extent = _database.DataSource.CreateCommand(
                $"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom)::geometry AS e FROM analysis.{layer.View}) x");
            await using var reader = await extent.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal<object?>([reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)], contents[3..]);

            var rows = (long)Rows(gpkg, $"SELECT count(*) FROM \"{layer.Name}\"").Single()[0]!;
            // GeoPackage binary: "GP", version 0, flags (little-endian, XY envelope), srs_id, 4 doubles, then 2D WKB MultiPolygon,
            // as z = 0 and m = 0 in gpkg_geometry_columns demand.
            foreach (var blob in Rows(gpkg, $"SELECT geom FROM \"{layer.Name}\"").Select(r => (byte[])r[0]!))
            {
                Assert.Equal<byte>([0x47, 0x50, 0, 0b0000_0011], blob[..4]);
                Assert.Equal(25833, BitConverter.ToInt32(blob, 4));
                Assert.Equal(1, blob[40]);
                Assert.Equal(layer.GeometryType == "MULTILINESTRING" ? 5u : 6u, BitConverter.ToUInt32(blob, 41));
            }
            // The R-tree holds each feature's bounding box (float32, so rounded outwards by at most a few centimetres).
            var boxes = Rows(gpkg, $"SELECT count(*), min(minx), max(maxx) FROM \"rtree_{layer.Name}_geom\"").Single();
            Assert.Equal(rows, boxes[0]);
            Assert.InRange((double)boxes[1]!, reader.GetDouble(0) - 0.1, reader.GetDouble(0));
            Assert.InRange((double)boxes[2]!, reader.GetDouble(2), reader.GetDouble(2) + 0.1);
        }
        Assert.Equal(ExportLayers.All.Count, (long)Rows(gpkg,
            "SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index' AND column_name = 'geom' AND scope = 'write-only'").Single()[0]!);
        Assert.Equal(ExportLayers.All.Count * 6, (long)Rows(gpkg, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_%'").Single()[0]!);
    }

    [Fact]
    public async Task Ogrinfo_opens_every_layer_with_the_same_counts_and_areas_and_uses_the_spatial_index()
    {
        var path = Path.Combine(_scratch, "tomter.gpkg");
        var result = await ExportAsync(path, "3218");

        var summary = await OgrinfoAsync("-ro", "-so", "-al", path);
        foreach (var (layer, rows) in result.Layers)
        {
            Assert.Contains($"Layer name: {layer.Name}\n", summary, StringComparison.Ordinal);
        }
        Assert.Contains("Feature Count: 2\n", summary, StringComparison.Ordinal); // tomter in 3218
        Assert.Contains("IDENTIFIER=Vedtatte reguleringsplaner", summary, StringComparison.Ordinal);
        Assert.Contains("PROJCRS[\"ETRS89 / UTM zone 33N\"", summary, StringComparison.Ordinal);

        foreach (var (layer, rows) in result.Layers)
        {
            var sql = await OgrinfoAsync("-ro", "-q", "-dialect", "SQLite", "-sql",
                $"SELECT count(*) AS n, sum(ST_Area(geom)) AS a, HasSpatialIndex('{layer.Name}', 'geom') AS i FROM \"{layer.Name}\"", path);
            var expected = await _database.ScalarAsync<double?>(
                $"SELECT sum(ST_Area(geom)) FROM analysis.{layer.View} WHERE kommunenummer = '3218'") ?? 0;
            Assert.Contains($"n (Integer) = {rows}\n", sql, StringComparison.Ordinal);
            Assert.Contains("i (Integer) = 1\n", sql, StringComparison.Ordinal);
            if (rows > 0)
            {
                var area = double.Parse(sql.Split("a (Real) = ")[1].Split('\n')[0], CultureInfo.InvariantCulture);
                Assert.Equal(expected, area, 3);
            }
        }
    }

    [Fact]
    public async Task A_failed_export_keeps_the_earlier_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_scratch, "tomter.gpkg");
        await ExportAsync(path);
        var before = await File.ReadAllBytesAsync(path);

        // The last layer's view is gone (a database behind on migrations): the export fails after writing most layers.
        await using (var drop = _database.DataSource.CreateCommand("DROP VIEW analysis.v_kommuneplan_bolig"))
        {
            await drop.ExecuteNonQueryAsync();
        }
        var failure = await Assert.ThrowsAsync<ExportException>(() => ExportAsync(path));
        Assert.Contains("kjør tomte migrate", failure.Message, StringComparison.Ordinal);

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal(["tomter.gpkg"], Directory.GetFileSystemEntries(_scratch).Select(Path.GetFileName));
    }

    private static async Task<string> OgrinfoAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("ogrinfo is missing: install Debian's gdal-bin (deploy/with-postgis.sh does when it can)", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            // GDAL reports every deviation from the GeoPackage specification it notices as a warning on stderr.
            Assert.True(process.ExitCode == 0 && (await stderr).Length == 0, $"ogrinfo {string.Join(' ', arguments)}: exit {process.ExitCode}: {await stderr}");
            return await stdout;
        }
    }
}
