using System.Globalization;
using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Sync;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;
using Tomte.Worker.Brokers;

namespace Tomte.Tests.Brokers;

/// <summary>Tips entered by the team in Airtable, through the real <c>tomte sync</c> against the strict fake.</summary>
public sealed class TipAirtableRoundTripTests(TipScenario scenario) : IClassFixture<TipScenario>
{
    [Fact]
    public async Task A_tip_entered_by_the_team_is_assessed_and_answered_on_the_tip_without_touching_a_team_field()
    {
        await using var bed = await SyncTestBed.StartAsync(scenario.Database, settings: new Dictionary<string, string?>
        {
            ["Tomte:Brokers:AdresseApiUrl"] = scenario.AddressApiUrl,
            ["Tomte:Airtable:Sync:MinScore"] = "0",
        });
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        var meglere = bed.Table(TomteSchema.Meglere);
        var innspill = bed.Table(TomteSchema.Innspill);
        var megler = meglere.AddAsTeam(new JsonObject { ["Navn"] = "Mia Megler", ["Firma"] = "Testmegling AS", ["Kontakt"] = "mia@megling.example" });
        var good = innspill.AddAsTeam(new JsonObject { ["Matrikkelnummer"] = "3218-1/1", ["Megler"] = new JsonArray(megler), ["Notater"] = "Fra visning" });
        var unknown = innspill.AddAsTeam(new JsonObject { ["Matrikkelnummer"] = "3218-999/1", ["Megler"] = new JsonArray(megler) });
        var address = innspill.AddAsTeam(new JsonObject { ["Adresse"] = "Finnesikkeveien 999, Ås" });
        var wkt = innspill.AddAsTeam(new JsonObject { ["Polygon"] = "POLYGON((0 0, 10 0, 10 10" });
        var outside = innspill.AddAsTeam(new JsonObject { ["Polygon"] = "POLYGON((100000 100000, 100100 100000, 100100 100100, 100000 100000))" });
        var teamFieldsBefore = TeamFields(bed);

        var result = await bed.Get<AirtableSync>().RunAsync(null, CancellationToken.None);

        var tips = Assert.IsType<TipSync.Result>(result.Tips);
        Assert.Equal((5, 1, 1, 4), (tips.NewIds, tips.NewBrokerIds, tips.Assessed, tips.Refused));
        var answer = innspill.Record(good);
        Assert.Equal("I-0001", answer.Text("Innspill-ID"));
        Assert.Equal(("vurdert", "3218 Kommune 3218"), (answer.Text("Status"), answer.Text("Kommune")));
        Assert.Equal((1.0, 0.0, 20.0), (Number(answer.Text("Sonert andel")), Number(answer.Text("Regulert andel")), Number(answer.Text("Areal (daa)"))));
        Assert.Contains("100 % boligbebyggelse (1110)", answer.Text("Formål"), StringComparison.Ordinal);
        Assert.Equal("ingen kjente konflikter", answer.Text("Konflikter"));
        Assert.Null(answer.Text("Melding"));
        var score = double.Parse(answer.Text("Score")!, CultureInfo.InvariantCulture);
        Assert.InRange(score, 1, 100);
        Assert.StartsWith($"{Math.Round(score, MidpointRounding.AwayFromZero):0} poeng: ", answer.Text("Scoreforklaring"), StringComparison.Ordinal);
        Assert.Single(answer.Fields["Kart"]!.AsArray());
        var site = bed.Table(TomteSchema.Tomter).Records.Single(r => r.Text("Tomte-ID") == "3218-0001");
        Assert.Equal([site.Id], answer.Fields["Tomter"]!.AsArray().Select(n => n!.GetValue<string>()));

        // Each bad input: the Norwegian message on the tip, and not another field written.
        Assert.Equal(("feil", "Fant ikke 3218-999/1 i eiendomskartet"), (innspill.Record(unknown).Text("Status"), innspill.Record(unknown).Text("Melding")));
        Assert.Equal("Fant ikke adressen «Finnesikkeveien 999, Ås» i Kartverkets adresseregister", innspill.Record(address).Text("Melding"));
        Assert.StartsWith("Ugyldig WKT: ", innspill.Record(wkt).Text("Melding"), StringComparison.Ordinal);
        Assert.StartsWith("Polygonet ligger utenfor alle innlastede kommuner", innspill.Record(outside).Text("Melding"), StringComparison.Ordinal);
        foreach (var refused in new[] { unknown, address, wkt, outside })
        {
            var workerFields = innspill.Record(refused).Fields.Keys
                .Where(f => TomteSchema.Table(TomteSchema.Innspill).Field(f)?.Owner == FieldOwner.Worker).Order(StringComparer.Ordinal);
            Assert.Equal(["Innspill-ID", "Melding", "Status"], workerFields);
        }
        Assert.Equal(4L, await scenario.Database.ScalarAsync<long>("SELECT count(*) FROM brokers.innspill WHERE status = 'feil' AND geom IS NULL"));

        // The broker's follow-up on Meglere; the team's own fields never written, on any table.
        var broker = meglere.Record(megler);
        Assert.Equal(("M-0001", 2.0), (broker.Text("Megler-ID"), Number(broker.Text("Antall innspill"))));
        Assert.Equal(score > 60 ? 1.0 : 0.0, Number(broker.Text("Kvalifiserte")));
        Assert.Equal(0.0, Number(broker.Text("Dialog eller LOI")));
        Assert.Equal(teamFieldsBefore, TeamFields(bed));
        foreach (var table in new[] { TomteSchema.Meglere, TomteSchema.Innspill })
        {
            var notOurs = TomteSchema.Table(table).Fields.Where(f => !f.WorkerWrites).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var written = bed.Wire.WrittenFields().Where(w => w.Path.EndsWith("/" + table, StringComparison.Ordinal)).Select(w => w.Field).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(written);
            Assert.Empty(written.Intersect(notOurs));
        }

        // The team moves the site into dialogue: the broker's tip now counts as leading to dialogue; nothing is assessed again.
        bed.Table(TomteSchema.Tomter).EditAsTeam(site.Id, new JsonObject { ["Status"] = "i dialog" });
        var again = await bed.Get<AirtableSync>().RunAsync(null, CancellationToken.None);
        Assert.Equal((0, 0, 0, 5), (again.Tips!.NewIds, again.Tips.Assessed, again.Tips.Refused, again.Tips.Unchanged));
        Assert.Equal(1.0, Number(meglere.Record(megler).Text("Dialog eller LOI")));
        var summary = Assert.Single(await bed.Get<BrokerFollowUp>().SummaryAsync(CancellationToken.None));
        Assert.Equal(("Mia Megler", "Testmegling AS", 2, 1, 1), (summary.Navn, summary.Firma, summary.Innspill, summary.Vurdert, summary.DialogEllerLoi));

        // The team corrects the bad matrikkelnummer: that tip alone is assessed again and its message cleared.
        innspill.EditAsTeam(unknown, new JsonObject { ["Matrikkelnummer"] = "3218-3/1" });
        var corrected = await bed.Get<AirtableSync>().RunAsync(null, CancellationToken.None);
        Assert.Equal((1, 0), (corrected.Tips!.Assessed, corrected.Tips.Refused));
        Assert.Equal(("vurdert", null, "50 % av tomten i flomsone"),
            (innspill.Record(unknown).Text("Status"), innspill.Record(unknown).Text("Melding"), innspill.Record(unknown).Text("Konflikter")));
    }

    private static double Number(string? text) => text is null ? 0 : double.Parse(text, CultureInfo.InvariantCulture);

    private static Dictionary<string, string?> TeamFields(SyncTestBed bed) =>
        (from table in new[] { TomteSchema.Meglere, TomteSchema.Innspill }
         let spec = TomteSchema.Table(table)
         from record in bed.Table(table).Records
         from field in spec.TeamFields
         select (Key: $"{table}/{record.Id}/{field.Name}", Value: record.Fields.TryGetValue(field.Name, out var v) ? v.ToJsonString() : null))
        .ToDictionary(x => x.Key, x => (string?)x.Value);
}
