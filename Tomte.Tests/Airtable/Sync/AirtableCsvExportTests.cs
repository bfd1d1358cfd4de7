using System.Text;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Airtable.Sync;

public sealed class AirtableCsvExportTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "tomte-csv-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_one_importable_csv_per_table_with_worker_fields_and_links_as_keys()
    {
        await SyncTestData.InsertAsync(_database, tomter: 2, eiendommer: 3, grunneiere: 2);
        using var host = TestHost.Build(_database);

        var files = await TestHost.Get<AirtableCsvExport>(host).WriteAsync(_output, CancellationToken.None);

        Assert.Equal(["Kommuner", "Tomter", "Grunneiere", "Eiendommer", "Aktiviteter"], files.Select(f => f.Table));
        var tomter = await File.ReadAllLinesAsync(Path.Combine(_output, "Tomter.csv"), Encoding.UTF8);
        Assert.Equal("Tomte-ID,Kommune,Areal (daa),Est. boliger,Score,Scoreforklaring,Konflikter,Kartlenke,Planstatus,Plansignal,Endring,Sist sett", tomter[0]);
        Assert.StartsWith("3218-0001,3218 Ås,23.50,11,61.0,\"61 poeng: syntetisk tomt, 450 m til holdeplass", tomter[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Status", tomter[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Notater", tomter[0], StringComparison.Ordinal);

        var all = await File.ReadAllTextAsync(Path.Combine(_output, "Tomter.csv"));
        Assert.Contains("Konfliktfrihet (20 %): 88 poeng – 12 % i flomsone\",12 % av tomten i flomsone,https://norgeskart.no/", all, StringComparison.Ordinal);
        Assert.Contains(",ny,2026-11-20\r\n", all, StringComparison.Ordinal);

        var eiendommer = await File.ReadAllLinesAsync(Path.Combine(_output, "Eiendommer.csv"));
        Assert.Equal("Matrikkelnummer,Tomter,Andel av tomt,Eiere", eiendommer[0]);
        Assert.Equal(4, eiendommer.Length);
        Assert.Contains("3218-100/2,3218-0001,0.2500,E000001", eiendommer);

        var grunneiere = await File.ReadAllTextAsync(Path.Combine(_output, "Grunneiere.csv"));
        Assert.StartsWith("Eier-ID,Navn,Type,Adresse,Kilde,Hentet dato,E-post ugyldig\r\n", grunneiere, StringComparison.Ordinal);
        Assert.Contains("E000001,Testeier 1 (syntetisk),person,\"Eksempelveien 1\n1430 Ås\",syntetisk testdata,2026-11-15,\r\n", grunneiere, StringComparison.Ordinal);
        Assert.DoesNotContain("Godkjent for utsending", grunneiere, StringComparison.Ordinal);

        // No outreach has run, so the activity log is a header the team can import before the first letter goes.
        Assert.Equal("Aktivitet-ID,Grunneier,Steg,Kanal,Dato,Status,Melding-ID,Årsak,Manus,Ansvarlig\r\n", await File.ReadAllTextAsync(Path.Combine(_output, "Aktiviteter.csv")));

        var kommuner = await File.ReadAllLinesAsync(Path.Combine(_output, "Kommuner.csv"));
        Assert.Equal(
            ["Kommunenummer,Navn,SSB indikatorer,Folketall,Vekst 5 år (%),Framskrevet 2030,Framskrevet 2040,Boligstart,Medianinntekt,Sentralitet",
             "3207,Nordre Follo,,,,,,,,", "3212,Nesodden,,,,,,,,", "3218,Ås,,,,,,,,"], kommuner);
    }

    [Fact]
    public async Task Empty_tables_give_header_only_files()
    {
        using var host = TestHost.Build(_database);

        var files = await TestHost.Get<AirtableCsvExport>(host).WriteAsync(_output, CancellationToken.None);

        Assert.All(files, f => Assert.Equal(0, f.Records));
        Assert.Equal("Matrikkelnummer,Tomter,Andel av tomt,Eiere\r\n", await File.ReadAllTextAsync(Path.Combine(_output, "Eiendommer.csv")));
    }
}
