using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Airtable.Sync;

namespace Tomte.Tests.Airtable.Sync;

public sealed class FieldOwnershipTests
{
    [Theory]
    [InlineData("Tomter", "Status")]
    [InlineData("Tomter", "Notater")]
    [InlineData("Grunneiere", "Godkjent for utsending")]
    [InlineData("Grunneiere", "Samtykke e-post")]
    [InlineData("Kommuner", "Kommunal vilje")]
    [InlineData("Aktiviteter", "Utført")]
    public void A_team_field_cannot_be_put_in_an_outbound_record(string table, string field)
    {
        var builder = OutboundRecord.For(TomteSchema.Table(table), "3218-0001");

        var error = Assert.Throws<InvalidOperationException>(() => builder.Set(field, "x"));

        Assert.Contains("owned by the team", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tomter", "Sist endret av teamet")]
    [InlineData("Grunneiere", "Eiendommer")]
    [InlineData("Tomter", "Eiendommer")]
    public void Computed_and_inverse_link_fields_are_not_written_either(string table, string field)
    {
        var builder = OutboundRecord.For(TomteSchema.Table(table), "3218-0001");

        Assert.Throws<InvalidOperationException>(() => builder.Set(field, null));
    }

    [Fact]
    public void Every_table_has_its_key_as_a_worker_owned_text_primary_field_and_the_team_fields_of_the_design()
    {
        Assert.Equal(["Tomter", "Eiendommer", "Grunneiere", "Aktiviteter", "Kommuner", "Systemstatus", "Meglere", "Innspill"], TomteSchema.Tables.Select(t => t.Name));
        Assert.Equal(["Tomte-ID", "Matrikkelnummer", "Eier-ID", "Aktivitet-ID", "Kommunenummer", "Nøkkel", "Megler-ID", "Innspill-ID"], TomteSchema.Tables.Select(t => t.Key.Name));
        Assert.All(TomteSchema.Tables, t => Assert.Equal(("singleLineText", FieldOwner.Worker), (t.Key.Type, t.Key.Owner)));
        Assert.Equal(["Status", "Ansvarlig", "Notater"], TomteSchema.Table("Tomter").TeamFields.Select(f => f.Name));
        Assert.Equal(["Status", "Samtykke e-post", "Godkjent for utsending", "Neste handling", "Ansvarlig", "Notater"], TomteSchema.Table("Grunneiere").TeamFields.Select(f => f.Name));
        Assert.Equal(["Kommunal vilje", "Notater"], TomteSchema.Table("Kommuner").TeamFields.Select(f => f.Name));
        Assert.Empty(TomteSchema.Table("Eiendommer").TeamFields);
        Assert.Empty(TomteSchema.Table("Systemstatus").TeamFields);
        Assert.Equal(["Navn", "Firma", "Kontakt"], TomteSchema.Table("Meglere").TeamFields.Select(f => f.Name));
        Assert.Equal(["Matrikkelnummer", "Adresse", "Polygon", "Megler", "Notater"], TomteSchema.Table("Innspill").TeamFields.Select(f => f.Name));
        // The last-modified field watches exactly the team's fields, so the worker's own writes never move it.
        Assert.All(TomteSchema.Tables.Where(t => t.LastModified is not null),
            t => Assert.Equal(t.TeamFields.Select(f => f.Name), t.LastModified!.Watches));
    }

    [Fact]
    public void The_content_hash_changes_with_a_worker_value_and_ignores_link_order()
    {
        var spec = TomteSchema.Table("Eiendommer");
        OutboundRecord Build(decimal share, params string[] owners) => OutboundRecord.For(spec, "3218-12/34")
            .Set("Andel av tomt", share).Set("Eiere", new LinkKeys(owners)).Build();

        Assert.Equal(Build(0.5m, "E1", "E2").ContentHash, Build(0.5m, "E2", "E1").ContentHash);
        Assert.NotEqual(Build(0.5m, "E1").ContentHash, Build(0.25m, "E1").ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", Build(0.5m).ContentHash);
    }
}
