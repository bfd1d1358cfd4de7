using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Export;

/// <summary><c>tomte export</c> as an operator runs it: a real process against PostGIS; bad input gives one clear line.</summary>
public sealed class ExportCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("tomte-export-cli-").FullName;

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

    private Task<TomteProcess.Outcome> ExportAsync(params string[] arguments) => TomteProcess.RunAsync(
        new Dictionary<string, string?>
        {
            ["Tomte__Database__ConnectionString"] = _database.ConnectionString,
            ["Tomte__Output__Directory"] = Path.Combine(_scratch, "out"),
        },
        ["export", .. arguments]);

    /// <summary>The single line the verb prints on failure; logs may precede it, a stack trace may not.</summary>
    private static string FailureLine(TomteProcess.Outcome outcome)
    {
        Assert.Equal(1, outcome.ExitCode);
        Assert.DoesNotContain("   at ", outcome.StandardError, StringComparison.Ordinal);
        return Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("tomte export: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_writes_a_geopackage_and_bad_paths_and_kommuner_fail_with_one_clear_line()
    {
        var ok = await ExportAsync("--out", Path.Combine(_scratch, "tomter.gpkg"), "--kommune", "3218");
        Assert.True(ok.ExitCode == 0, ok.StandardError);
        Assert.Contains("  tomter: 2 objekter\n", ok.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  vedtatte_reguleringsplaner: 2 objekter\n", ok.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  veger: 2 objekter\n", ok.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Ferdig: 12 lag, 17 objekter skrevet til {Path.Combine(_scratch, "tomter.gpkg")}", ok.StandardOutput, StringComparison.Ordinal);
        var written = await File.ReadAllBytesAsync(Path.Combine(_scratch, "tomter.gpkg"));

        var missingFolder = Path.Combine(_scratch, "finnes-ikke", "tomter.gpkg");
        Assert.Equal($"tomte export: --out {missingFolder}: mappen {Path.Combine(_scratch, "finnes-ikke")} finnes ikke",
            FailureLine(await ExportAsync("--out", missingFolder)));
        Assert.Equal($"tomte export: --out {_scratch} er en mappe; oppgi en fil som slutter på .gpkg",
            FailureLine(await ExportAsync("--out", _scratch)));
        Assert.Equal($"tomte export: --out {Path.Combine(_scratch, "tomter.txt")}: en GeoPackage-fil må slutte på .gpkg (QGIS kjenner den igjen på det)",
            FailureLine(await ExportAsync("--out", Path.Combine(_scratch, "tomter.txt"))));
        Assert.Equal($"tomte export: --out {Path.Combine(_scratch, "tomter.gpkg")} er en fil; GeoJSON skrives som én fil per lag i en mappe",
            FailureLine(await ExportAsync("--format", "geojson", "--out", Path.Combine(_scratch, "tomter.gpkg"))));
        Assert.Equal("tomte export: --kommune '32' er ikke et firesifret kommunenummer (f.eks. 3218)",
            FailureLine(await ExportAsync("--out", Path.Combine(_scratch, "tomter.gpkg"), "--kommune", "32")));

        Assert.Equal(written, await File.ReadAllBytesAsync(Path.Combine(_scratch, "tomter.gpkg")));
        Assert.Equal(["tomter.gpkg"], Directory.GetFileSystemEntries(_scratch).Select(Path.GetFileName));
    }
}
