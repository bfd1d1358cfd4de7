using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.SampleData;
using Tomte.Worker.Owners;

namespace Tomte.Tests.Owners;

/// <summary>The owners verbs as an operator runs them (a real process), and the Tomte:Owners settings.</summary>
public sealed class OwnersCommandAndOptionsTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("tomte-owners-cli-").FullName;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    private Dictionary<string, string?> Environment() => new()
    {
        ["Tomte__Database__ConnectionString"] = _database.ConnectionString,
        ["Tomte__Output__Directory"] = Path.Combine(_scratch, "out"),
    };

    [Fact]
    public async Task Owners_import_loads_the_sample_owners_and_a_bad_file_fails_with_one_line_naming_row_and_column()
    {
        var sample = Path.Combine(SampleDataTests.CommittedDirectory, SampleDataGenerator.OwnersFile);
        var ok = await TomteProcess.RunAsync(Environment(), "owners", "import", "--file", sample);

        Assert.Equal(0, ok.ExitCode);
        Assert.Matches(@"^Ferdig: \d+ rader, \d+ grunneiere \(\d+ nye\) på 750 eiendommer\.$", ok.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
        var owners = await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier");

        var bad = Path.Combine(_scratch, "eiere.csv");
        await File.WriteAllTextAsync(bad, "matrikkelnummer;navn;type\n3218-1/1;Oda Oppdiktet;person\n3218-1/2;Per Prøvesen;eier\n");
        var failed = await TomteProcess.RunAsync(Environment(), "owners", "import", "--file", bad);

        Assert.Equal(1, failed.ExitCode);
        Assert.DoesNotContain("   at ", failed.StandardError, StringComparison.Ordinal);
        var line = Assert.Single(failed.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("tomte owners import: eiere.csv: 1 ugyldige rader, ingenting er importert: rad 3, kolonne type: verdien må være person eller organisasjon", line.Trim());
        Assert.Equal(owners, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier"));
    }

    [Fact]
    public async Task Owners_lookup_without_a_provider_says_how_to_get_owners()
    {
        var outcome = await TomteProcess.RunAsync(Environment(), "owners", "lookup");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(
            "tomte owners lookup: ingen eieroppslag er konfigurert (Tomte:Owners:Provider er Ingen); importer eiere med «tomte owners import --file», eller sett Provider til Matrikkel",
            Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
    }

    [Fact]
    public void The_defaults_are_the_issues_sliver_rule_no_provider_and_a_legal_basis()
    {
        var options = new OwnersOptions();
        var error = SettingsValidation.Validate([], services => options = services.GetRequiredService<IOptions<OwnersOptions>>().Value);

        Assert.Null(error);
        Assert.Equal((0.01, 50.0, OwnerProvider.Ingen), (options.SliverShare, options.SliverAreaM2, options.Provider));
        Assert.Contains("utleveringsforskriften", options.LegalBasis);
    }

    [Fact]
    public void Bad_owner_settings_are_named_by_key_and_value()
    {
        var error = SettingsValidation.Validate(new()
        {
            ["Tomte:Owners:SliverShare"] = "1.5",
            ["Tomte:Owners:Provider"] = "Matrikkel",
            ["Tomte:Owners:LegalBasis"] = " ",
            ["Tomte:Owners:Matrikkel:BaseUrl"] = "matrikkel.no",
            ["Tomte:Owners:Matrikkel:BatchSize"] = "0",
            ["Tomte:Owners:Brreg:CacheDays"] = "-1",
            ["Tomte:Owners:Privacy:WashMaxAgeDays"] = "0",
            ["Tomte:Owners:Privacy:RetentionDays"] = "-5",
        });

        Assert.NotNull(error);
        var message = string.Join("\n", error.Failures);
        Assert.Contains("Tomte:Owners:SliverShare is 1.5", message);
        Assert.Contains("Tomte:Owners:Provider is Matrikkel but Tomte:Owners:Matrikkel:Username or Password is empty", message);
        Assert.Contains("Tomte:Owners:LegalBasis is empty", message);
        Assert.Contains("Tomte:Owners:Matrikkel:BaseUrl is 'matrikkel.no'", message);
        Assert.Contains("Tomte:Owners:Matrikkel:BatchSize is 0", message);
        Assert.Contains("Tomte:Owners:Brreg:CacheDays is -1", message);
        Assert.Contains("Tomte:Owners:Privacy:WashMaxAgeDays is 0", message);
        Assert.Contains("Tomte:Owners:Privacy:RetentionDays is -5", message);
    }

    [Fact]
    public async Task Suppression_export_import_and_gdpr_retention_run_as_verbs_and_a_bad_wash_fails_with_one_line()
    {
        var sample = Path.Combine(SampleDataTests.CommittedDirectory, SampleDataGenerator.OwnersFile);
        Assert.Equal(0, (await TomteProcess.RunAsync(Environment(), "owners", "import", "--file", sample)).ExitCode);
        var list = Path.Combine(_scratch, "til-vask.csv");

        var exported = await TomteProcess.RunAsync(Environment(), "suppression", "export", "--out", list);
        var imported = await TomteProcess.RunAsync(Environment(), "suppression", "import", "--file",
            Path.Combine(SampleDataTests.CommittedDirectory, SampleDataGenerator.WashFile), "--vaskedato", "2026-01-10");
        var retention = await TomteProcess.RunAsync(Environment(), "gdpr", "retention", "--dry-run");

        Assert.Equal(0, exported.ExitCode);
        Assert.StartsWith("Skrev ", exported.StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, imported.ExitCode);
        Assert.Matches(@"Ferdig: vask fra 2026-01-10 med \d+ personer, \d+ reservert i Reservasjonsregisteret\.", imported.StandardOutput);
        Assert.Equal(0, retention.ExitCode);
        Assert.Contains("Ingen grunneiere skal slettes", retention.StandardOutput, StringComparison.Ordinal);

        var bad = Path.Combine(_scratch, "vask.csv");
        await File.WriteAllTextAsync(bad, "eier_id;reservert;vaskedato\nG000001;kanskje;2026-01-10\n");
        var failed = await TomteProcess.RunAsync(Environment(), "suppression", "import", "--file", bad);

        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("tomte suppression import: vask.csv: 1 ugyldige rader, ingenting er importert: rad 2, kolonne reservert: verdien må være ja eller nei",
            Assert.Single(failed.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.vask"));
    }
}
