using System.Text;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Owners.Import;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Tests.Owners;

/// <summary><c>gdpr export</c> and <c>gdpr forget</c> through the real services, PostGIS and the strict Airtable fake.</summary>
public sealed class GdprTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-gdpr-").FullName;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string File(string text)
    {
        var path = Path.Combine(_folder, $"eiere-{Guid.NewGuid():N}.csv");
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(true));
        return path;
    }

    [Fact]
    public async Task Forget_removes_the_owner_everywhere_keeps_only_a_hash_and_a_later_import_of_the_same_owner_stays_out()
    {
        await SyncTestData.InsertAsync(_database, tomter: 1, eiendommer: 2, grunneiere: 1);
        await using var bed = await SyncTestBed.StartAsync(_database, settings: new Dictionary<string, string?> { ["Tomte:Owners:LegalBasis"] = "Testgrunnlag" });
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        var importer = bed.Get<OwnerImporter>();
        await importer.ImportAsync(File("matrikkelnummer;navn;type;adresse;postnummer;poststed;andel;epost\n" +
            "3218-100/2;Oda Oppdiktet;person;Prøvestien 3;1430;Ås;1/2;oda@fiktiv.example\n3218-100/3;Oda Oppdiktet;person;Prøvestien 3;1430;Ås;1/1;\n"), CancellationToken.None);
        var eierId = await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE navn = 'Oda Oppdiktet'");
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        var owners = bed.Table(TomteSchema.Grunneiere);
        var recordId = owners.Records.Single(r => r.Text("Eier-ID") == eierId).Id;
        owners.EditAsTeam(recordId, new JsonObject { ["Status"] = "svar", ["Notater"] = "Vil ikke selge" });
        await bed.Get<AirtableInboundSync>().RunAsync(CancellationToken.None);
        var gdpr = bed.Get<GdprService>();

        var export = JsonNode.Parse(await gdpr.ExportAsync(eierId!, CancellationToken.None))!;

        Assert.Equal("Oda Oppdiktet", (string?)export["grunneier"]!["navn"]);
        Assert.Equal("Testgrunnlag", (string?)export["grunneier"]!["rettslig_grunnlag"]);
        Assert.Equal(["3218-100/2", "3218-100/3"], export["eierskap"]!.AsArray().Select(e => (string?)e!["matrikkelnummer"]));
        Assert.Equal(recordId, (string?)export["airtable"]!["post_id"]);
        Assert.Contains(export["airtable"]!["teamets_felt"]!.AsArray(), f => (string?)f!["felt"] == "Notater" && (string?)f["verdi"] == "Vil ikke selge");
        Assert.Null(export["grunneier"]!["merge_key"]);

        var forgotten = await gdpr.ForgetAsync(eierId!, CancellationToken.None);

        Assert.Equal((true, 2), (forgotten.AirtableRecordDeleted, forgotten.Ownerships));
        Assert.DoesNotContain(owners.Records, r => r.Id == recordId);
        var everything = string.Join("\n", await RowsAsync("""
            SELECT row_to_json(t)::text FROM owners.grunneier t UNION ALL SELECT row_to_json(t)::text FROM owners.eierskap t
            UNION ALL SELECT row_to_json(t)::text FROM outreach.suppression t UNION ALL SELECT row_to_json(t)::text FROM airtable.team_field_history t
            UNION ALL SELECT row_to_json(t)::text FROM airtable.record_map t
            """));
        Assert.DoesNotContain(eierId!, everything);
        Assert.DoesNotContain("Oppdiktet", everything);
        Assert.DoesNotContain("Prøvestien", everything);
        Assert.DoesNotContain("Vil ikke selge", everything);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM outreach.suppression WHERE reason = 'gdpr_sletting' AND eier_hash ~ '^[0-9a-f]{64}$' AND eier_id IS NULL"));

        // The same owner again, however the next file spells them: left out, never stored, never synced.
        var again = await importer.ImportAsync(File("matrikkelnummer;navn;type;adresse;postnummer;poststed\n" +
            "3218-100/2;ODA OPPDIKTET;person;Prøvestien 3;1430;ÅS\n3218-100/4;Oppdiktet, Oda;person;Prøvestien  3;1430;Ås\n"), CancellationToken.None);
        Assert.Equal((2, 0, 0), (again.Suppressed, again.Owners, again.NewOwners));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier WHERE navn ILIKE '%oppdiktet%'"));
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        Assert.DoesNotContain(owners.Records, r => (r.Text("Navn") ?? "").Contains("Oppdiktet", StringComparison.OrdinalIgnoreCase));

        await Assert.ThrowsAsync<UnknownOwnerException>(() => gdpr.ExportAsync(eierId!, CancellationToken.None));
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        var rows = new List<string>();
        await using var command = _database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
