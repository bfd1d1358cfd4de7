using Tomte.Tests.Infrastructure;

namespace Tomte.Tests.Foundation;

public sealed class CommandLineTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "tomte-cli-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private Dictionary<string, string?> Environment(string connectionString) => new()
    {
        ["Tomte__Database__ConnectionString"] = connectionString,
        ["Tomte__Output__Directory"] = _output,
    };

    [Fact]
    public async Task Doctor_with_a_wrong_connection_string_exits_non_zero_and_names_the_key()
    {
        var outcome = await TomteProcess.RunAsync(
            Environment("Host=127.0.0.1;Port=1;Database=tomte;Username=tomte;Password=topphemmelig;Timeout=3"), "doctor");

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("Tomte:Database:ConnectionString", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains("[FEIL] Database", outcome.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("topphemmelig", outcome.StandardOutput + outcome.StandardError, StringComparison.Ordinal);
        Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Doctor_on_a_good_database_exits_zero_and_lists_every_check()
    {
        var outcome = await TomteProcess.RunAsync(Environment(_database.ConnectionString), "doctor");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var label in new[] { "Konfigurasjon", "Database", "PostGIS", "Databaseskjema", "Utdatamappe", "Brev (maler, WeasyPrint, qpdf)" })
        {
            Assert.Contains(label, outcome.StandardOutput, StringComparison.Ordinal);
        }
        Assert.Contains("migreringer venter", outcome.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_exits_zero_and_writes_its_report()
    {
        var outcome = await TomteProcess.RunAsync(Environment(_database.ConnectionString), "demo");

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        var report = Path.Combine(_output, "demo", "rapport.md");
        Assert.True(File.Exists(report), "demo wrote no report");
        Assert.Contains("syntetiske", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
        Assert.True(await _database.ScalarAsync<long>("SELECT count(*) FROM public.schema_migrations") > 0);
        Assert.True(new FileInfo(Path.Combine(_output, "demo", "tomter.gpkg")).Length > 0, "demo wrote no GeoPackage");

        // It ends with the best sites per pilot kommune, their maps and an index.html that shows both side by side.
        Assert.Matches(@"\[\d+/\d+\] De 5 beste tomtene i hver pilotkommune", outcome.StandardOutput);
        Assert.Matches(@"\n    1\. 3218-\d{4} +\d+,\d  \d+ poeng: ", outcome.StandardOutput);
        // Then the letters for the top sites' owners, and the day's print batch.
        Assert.Matches(@"\[\d+/\d+\] \d+ filer for \d+ grunneiere på de 3 beste tomtene i brev/", outcome.StandardOutput);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_output, "demo", "brev"), "*-grunneierbrev-1.pdf"));
        Assert.Single(Directory.GetFiles(Path.Combine(_output, "demo", "brev"), "utskrift.pdf", SearchOption.AllDirectories));
        var maps = Directory.GetFiles(Path.Combine(_output, "demo", "kart"), "*.png");
        Assert.Equal(15, maps.Length);
        var index = await File.ReadAllTextAsync(Path.Combine(_output, "demo", "index.html"));
        Assert.Contains("<h2>3218 Ås</h2>", index, StringComparison.Ordinal);
        foreach (var map in maps)
        {
            Assert.Contains($"src=\"kart/{Path.GetFileName(map)}\"", index, StringComparison.Ordinal);
        }
        Assert.True(await _database.ScalarAsync<long>("SELECT count(*) FROM analysis.tomt_kart") > 15, "the demo drew no map for sites outside the top five");
    }

    [Fact]
    public async Task Demo_prints_one_line_per_step_and_a_summary_and_logs_only_warnings_unless_verbose()
    {
        var quiet = await TomteProcess.RunAsync(Environment(_database.ConnectionString), "demo");

        Assert.True(quiet.ExitCode == 0, quiet.StandardError);
        var steps = quiet.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('[')).ToArray();
        Assert.True(steps.Length >= 3, quiet.StandardOutput);
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.StartsWith($"[{i + 1}/{steps.Length}] ", steps[i], StringComparison.Ordinal);
        }
        Assert.Contains(steps, l => l.Contains("Innlasting: 42 datasett/kommuner lastet inn", StringComparison.Ordinal));
        Assert.Contains(steps, l => l.Contains("SSB: 3 kommuner i ssb.kommune_indikator (framskriving fra tabell 14288; syntetiske tall)", StringComparison.Ordinal));
        Assert.Contains(steps, l => l.Contains("Veier: ", StringComparison.Ordinal) && l.Contains("ligger under 50 m fra offentlig vei", StringComparison.Ordinal));
        Assert.DoesNotContain("info:", quiet.StandardOutput + quiet.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", quiet.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Resultatet ligger i {Path.Combine(_output, "demo")}:", quiet.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  airtable/ ", quiet.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Les rapporten først: {Path.Combine(_output, "demo", "rapport.md")}", quiet.StandardOutput, StringComparison.Ordinal);

        var verbose = await TomteProcess.RunAsync(Environment(_database.ConnectionString), "demo", "--verbose");

        Assert.True(verbose.ExitCode == 0, verbose.StandardError);
        Assert.Contains("info: Tomte.Worker.Ingest.DatasetLoader[3502]", verbose.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", verbose.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_twice_reports_that_nothing_was_left()
    {
        var first = await TomteProcess.RunAsync(Environment(_database.ConnectionString), "migrate");
        var second = await TomteProcess.RunAsync(Environment(_database.ConnectionString), "migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("brukt: 0001_core.sql", first.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("allerede oppdatert", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verb_with_invalid_configuration_fails_with_one_line_naming_the_key()
    {
        var outcome = await TomteProcess.RunAsync(Environment(""), "migrate");

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tomte migrate: ", line, StringComparison.Ordinal);
        Assert.Contains("Tomte:Database:ConnectionString is empty", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_exits_non_zero()
    {
        var outcome = await TomteProcess.RunAsync(Environment(_database.ConnectionString), "fly");

        Assert.NotEqual(0, outcome.ExitCode);
    }
}
