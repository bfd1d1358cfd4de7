using Tomte.Tests.Infrastructure;
using Tomte.Tests.Letters;
using Tomte.Worker.Letters;
using Tomte.Worker.Outreach;

namespace Tomte.Tests.Outreach;

/// <summary>
/// One print batch per day: the letters of a later pass the same day join that day's merged PDF and list (rebuilt,
/// never half-written); the next day's letters go into a batch of their own.
/// </summary>
[Collection(OutreachServers.Name)]
public sealed class PrintBatchDayTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Letters_of_later_passes_the_same_day_join_that_days_batch_and_the_list_says_which_owners_and_steps_it_holds()
    {
        var output = Path.Combine(Path.GetTempPath(), "tomte-tests", _database.Name);
        await using var bed = await OutreachTestBed.StartAsync(_database, new Dictionary<string, string?> { ["Tomte:Output:Directory"] = output });
        // No SMTP server here: persons without consent, and the organisation without an address, get no e-mail.
        await bed.ExecuteAsync("UPDATE owners.grunneier SET epost = NULL WHERE eier_id = 'G2'");
        var runner = bed.Get<OutreachRunner>();
        var folder = Path.Combine(output, "utskrift");

        // Monday 7 December 10:00: G1 and G3 approved.
        await bed.ApproveAsync("G1", "G3");
        var morning = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(Path.Combine(folder, "2026-12-07", PrintBatchBuilder.PdfName), morning.BatchFiles[0]);
        var firstPages = Pages(await Poppler.RunAsync("pdfinfo", morning.BatchFiles[0]));

        // 11:00 the same day: G2 and G4 approved; their letters join the morning's batch after G1's and G3's.
        bed.Time.Advance(TimeSpan.FromHours(1));
        await bed.ApproveAsync("G2", "G4");
        var later = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(morning.BatchFiles, later.BatchFiles);
        var list = await File.ReadAllLinesAsync(later.BatchFiles[1]);
        Assert.Equal("eier_id;navn;steg;sider;forste_side", list[0]);
        Assert.Equal(["G1", "G3", "G2", "G4"], list.Skip(1).Select(l => l.Split(';')[0]));
        Assert.All(list.Skip(1), l => Assert.Equal("grunneierbrev-1", l.Split(';')[2]));
        var pages = list.Skip(1).Sum(l => int.Parse(l.Split(';')[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(pages > firstPages, $"{pages} pages after the second pass, {firstPages} before");
        Assert.Equal(pages, Pages(await Poppler.RunAsync("pdfinfo", later.BatchFiles[0])));
        Assert.Equal(["2026-12-07"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));   // no work folder left
        Assert.Equal(4L, await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.outbox WHERE print_batch = '2026-12-07'"));

        // A pass with nothing new leaves the batch alone.
        var written = File.GetLastWriteTimeUtc(later.BatchFiles[0]);
        Assert.Empty((await runner.RunAsync(dryRun: false, CancellationToken.None)).BatchFiles);
        Assert.Equal(written, File.GetLastWriteTimeUtc(later.BatchFiles[0]));

        // Tuesday: a newly approved owner's letter goes into Tuesday's own batch; Monday's is left as it was.
        bed.Time.Advance(TimeSpan.FromDays(1));
        await bed.ExecuteAsync("""
            INSERT INTO owners.grunneier (eier_id, navn, type, adresse, postnummer, poststed, kilde, rettslig_grunnlag, hentet_dato)
            VALUES ('G5', 'Tomtelaget AS', 'organisasjon', 'Postboks 9', '1430', 'Ås', 'Matrikkelen (Kartverket)', 'berettiget interesse', date '2026-11-02');
            INSERT INTO owners.eierskap (eier_id, matrikkelnummer, andel) VALUES ('G5', '3218-55/7', '1/5');
            """);
        await bed.ApproveAsync("G5");
        var tuesday = await runner.RunAsync(dryRun: false, CancellationToken.None);
        Assert.Equal(Path.Combine(folder, "2026-12-08", PrintBatchBuilder.PdfName), tuesday.BatchFiles[0]);
        Assert.Equal(2, (await File.ReadAllLinesAsync(tuesday.BatchFiles[1])).Length);
        Assert.Equal(5, (await File.ReadAllLinesAsync(later.BatchFiles[1])).Length);
    }

    private static int Pages(string pdfinfo) =>
        int.Parse(pdfinfo.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
