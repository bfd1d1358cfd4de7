using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest;
using Tomte.Tests.SampleData;
using Tomte.Worker.Demo;

namespace Tomte.Tests.Owners;

/// <summary>The demo with the bundled fictional owners: the owners of the top sites on the console, none of them in logs or the report.</summary>
public sealed class OwnersDemoTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly CapturedLogs _logs = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_demo_lists_the_owners_of_the_top_sites_and_no_name_or_address_reaches_the_log_or_the_report()
    {
        using var host = TestHost.Build(_database, services: s => s.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)));
        var console = new StringWriter();

        var result = await TestHost.Get<DemoRunner>(host).RunAsync(console, CancellationToken.None);

        var sample = (await File.ReadAllLinesAsync(Path.Combine(SampleDataTests.CommittedDirectory, SampleDataGenerator.OwnersFile))).Skip(1)
            .Select(line => line.Split(';')).ToList();
        Assert.Equal(sample.Select(f => f[0]).Distinct().Count(), await _database.ScalarAsync<long>("SELECT count(DISTINCT matrikkelnummer) FROM owners.eierskap"));
        Assert.True(await _database.ScalarAsync<long>("SELECT count(*) FROM owners.tomt_eiendom") > 100);
        // Owners merge across parcels: fewer owners than rows.
        Assert.InRange(await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier"), 100, sample.Count - 100);

        var text = console.ToString();
        Assert.Contains("Grunneierne på de 3 beste tomtene (oppdiktede eksempeldata):", text);
        var topOwner = await _database.ScalarAsync<string>("""
            SELECT g.navn FROM owners.grunneier g JOIN owners.eierskap e USING (eier_id) JOIN owners.tomt_eiendom te USING (matrikkelnummer)
            GROUP BY g.navn ORDER BY sum(te.andel_av_tomt) DESC LIMIT 1
            """);
        Assert.False(string.IsNullOrEmpty(topOwner));

        // The privacy step: the fictional wash and opt-outs imported, the contact check asked, retention as a dry run.
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.vask WHERE fil = 'reservasjonsvask-eksempel.csv' AND reserverte > 0"));
        Assert.True(await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.suppression WHERE reason = 'opt_out' AND epost IS NOT NULL") > 0);
        Assert.Matches(@"Brev kan sendes nå til \d+ av \d+ grunneiere \(sperret: \d+ avmeldt|Brev kan sendes nå til \d+ av \d+ grunneiere \(sperret: \d+ reservert", text);
        Assert.Contains("Sletting etter", text);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(result.ReportPath)!, "reservasjonsregisteret", "til-vask.csv")));

        var logged = string.Join("\n", _logs.Entries.Select(e => e.Message + e.Exception));
        var report = await File.ReadAllTextAsync(result.ReportPath);
        Assert.Contains("## Eiendommer og grunneiere", report);
        Assert.Contains("## Reservasjonsregisteret, avmeldinger og sletting", report);
        var names = sample.Select(f => f[1]).Distinct().ToList();
        var addresses = sample.Select(f => f[4]).Distinct().ToList();
        var emails = sample.Select(f => f[8]).Where(e => e.Length > 0).Distinct().ToList();
        Assert.Contains(names, n => text.Contains(n, StringComparison.Ordinal));
        foreach (var personal in names.Concat(addresses).Concat(emails))
        {
            Assert.DoesNotContain(personal, logged, StringComparison.Ordinal);
            Assert.DoesNotContain(personal, report, StringComparison.Ordinal);
        }
    }
}
