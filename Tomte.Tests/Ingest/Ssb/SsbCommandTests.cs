using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;

namespace Tomte.Tests.Ingest.Ssb;

/// <summary><c>tomte ssb</c> as an operator runs it: a real process against PostGIS, reading saved answers from a folder.</summary>
public sealed class SsbCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private Task<TomteProcess.Outcome> SsbAsync(params string[] arguments) =>
        TomteProcess.RunAsync(new Dictionary<string, string?> { ["Tomte__Database__ConnectionString"] = _database.ConnectionString }, ["ssb", .. arguments]);

    [Fact]
    public async Task Ssb_from_a_folder_prints_the_table_and_a_bad_kommune_or_folder_fails_with_one_line()
    {
        var folder = Path.Combine(SampleDataTests.CommittedDirectory, "ssb");

        var ok = await SsbAsync("--fra-mappe", folder, "--kommune", "3218");

        Assert.True(ok.ExitCode == 0, ok.StandardError);
        Assert.Contains("3218 Ås", ok.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Ferdig: 1 kommuner i ssb.kommune_indikator; framskriving fra tabell 14288", ok.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM ssb.kommune_indikator WHERE kommunenummer = '3218' AND folketall = 22150"));

        var badKommune = await SsbAsync("--fra-mappe", folder, "--kommune", "32");
        Assert.Equal(1, badKommune.ExitCode);
        Assert.Single(badKommune.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("tomte ssb: ", StringComparison.Ordinal) && l.Contains("32", StringComparison.Ordinal));

        var noFolder = await SsbAsync("--fra-mappe", Path.Combine(folder, "finnes-ikke"));
        Assert.Equal(1, noFolder.ExitCode);
        Assert.Equal($"tomte ssb: mappen {Path.Combine(folder, "finnes-ikke")} finnes ikke",
            Assert.Single(noFolder.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("tomte ssb: ", StringComparison.Ordinal)));
        Assert.DoesNotContain("   at ", noFolder.StandardError, StringComparison.Ordinal);
    }
}
