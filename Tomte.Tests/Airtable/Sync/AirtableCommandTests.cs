using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Airtable.Sync;

/// <summary>The verbs as an operator runs them: the built CLI as a process, against the fake over HTTP.</summary>
public sealed class AirtableCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_setup_verb_prints_what_it_created_and_then_ingen_endringer()
    {
        await using var bed = await SyncTestBed.StartAsync(_database);
        var environment = bed.Fake.ClientSettings(bed.Base).ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        environment["Tomte__Database__ConnectionString"] = _database.ConnectionString;

        var first = await TomteProcess.RunAsync(environment, "airtable", "setup");
        var second = await TomteProcess.RunAsync(environment, "airtable", "setup");

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.Contains("opprettet tabell: Grunneiere", first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("8 tabeller og", first.StandardOutput, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.Contains("Airtable-basen: ingen endringer.", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sync_verb_sends_and_reads_back_and_says_so_in_norwegian()
    {
        await SyncTestData.InsertAsync(_database, tomter: 2, eiendommer: 2, grunneiere: 2);
        await using var bed = await SyncTestBed.StartAsync(_database);
        await bed.Get<Tomte.Worker.Airtable.Schema.AirtableSetup>().RunAsync(CancellationToken.None);
        var environment = bed.Fake.ClientSettings(bed.Base).ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        environment["Tomte__Database__ConnectionString"] = _database.ConnectionString;

        var outcome = await TomteProcess.RunAsync(environment, "sync");

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        Assert.Contains("ut  Tomter: 2 sendt av 2", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Synkronisert: 9 poster sendt, 0 endringer lest tilbake.", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, bed.Table("Grunneiere").Count);
    }

    [Fact]
    public async Task The_sync_verb_without_a_token_fails_with_one_line_naming_the_setting()
    {
        var outcome = await TomteProcess.RunAsync(new Dictionary<string, string?> { ["Tomte__Database__ConnectionString"] = _database.ConnectionString }, "sync");

        Assert.NotEqual(0, outcome.ExitCode);
        // Logs share stderr; the verb's verdict is its one last line.
        var verdict = outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("tomte sync: Airtable is not configured", verdict, StringComparison.Ordinal);
        Assert.Contains("Tomte:Airtable:BaseId", verdict, StringComparison.Ordinal);
        Assert.Equal(1, outcome.StandardError.Split('\n').Count(l => l.StartsWith("tomte sync:", StringComparison.Ordinal)));
    }
}
