using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Sync;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Owners;

/// <summary>Owners the team types into Airtable, through the real sync against the strict fake: read back, kept, linked, never duplicated.</summary>
public sealed class AirtableTeamOwnersTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task An_owner_typed_by_the_team_becomes_an_owner_gets_its_eier_id_and_is_synced_into_the_same_record()
    {
        await SyncTestData.InsertAsync(_database, tomter: 2, eiendommer: 2, grunneiere: 1);
        await using var bed = await SyncTestBed.StartAsync(_database, settings: new Dictionary<string, string?> { ["Tomte:Owners:LegalBasis"] = "Testgrunnlag" });
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        await bed.Get<AirtableOutboundSync>().RunAsync(null, CancellationToken.None);
        var parcels = bed.Table(TomteSchema.Eiendommer);
        var owners = bed.Table(TomteSchema.Grunneiere);
        var parcel = parcels.Records.First();
        var matrikkelnummer = parcel.Text("Matrikkelnummer")!;
        var typed = owners.AddAsTeam(new JsonObject
        {
            ["Navn"] = "Kari Fiktivsen",
            ["Type"] = "person",
            ["Adresse"] = "Liksomveien 4\n1430 Ås",
            ["Eiendommer"] = new JsonArray(parcel.Id),
            ["Status"] = "ny",
            ["Notater"] = "Ringte selv",
        });
        var waiting = owners.AddAsTeam(new JsonObject { ["Navn"] = "Uten Eiendom" });

        var result = await bed.Get<AirtableSync>().RunAsync(null, CancellationToken.None);

        Assert.Equal((1, 1, 1), (result.TeamOwners.Records, result.TeamOwners.Owners, result.TeamOwners.WithoutParcel));
        var eierId = await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE kilde_type = 'airtable'");
        Assert.Equal($"Kari Fiktivsen|Liksomveien 4|1430|Ås|Airtable (lagt inn av teamet)|{matrikkelnummer}", await _database.ScalarAsync<string>($"""
            SELECT g.navn || '|' || g.adresse || '|' || g.postnummer || '|' || g.poststed || '|' || g.kilde || '|' || e.matrikkelnummer
            FROM owners.grunneier g JOIN owners.eierskap e USING (eier_id) WHERE g.eier_id = '{eierId}'
            """));
        // The team's record carries the Eier-ID and is the one the sync updates: no second record, the team's fields untouched.
        var record = owners.Record(typed);
        Assert.Equal(eierId, record.Text("Eier-ID"));
        Assert.Equal(2, owners.Records.Count(r => r.Text("Eier-ID") is not null));
        Assert.Equal(3, owners.Count);
        Assert.Equal(("ny", "Ringte selv"), (record.Text("Status"), record.Text("Notater")));
        Assert.Equal("Airtable (lagt inn av teamet)", record.Text("Kilde"));
        Assert.Contains(typed, parcels.Record(parcel.Id).Text("Eiere"));
        Assert.Null(owners.Record(waiting).Text("Eier-ID"));

        var again = await bed.Get<AirtableSync>().RunAsync(null, CancellationToken.None);
        Assert.Equal((0, 1), (again.TeamOwners.Records, again.TeamOwners.WithoutParcel));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier WHERE kilde_type = 'airtable'"));
    }
}
