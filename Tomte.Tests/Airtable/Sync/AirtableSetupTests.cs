using System.Text.Json.Nodes;
using Tomte.Tests.Airtable.Fake;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Airtable.Schema;
using Tomte.Worker.Doctor;

namespace Tomte.Tests.Airtable.Sync;

public sealed class AirtableSetupTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Setup_creates_every_table_and_field_and_a_second_run_changes_nothing()
    {
        await using var bed = await SyncTestBed.StartAsync(_database);

        var first = await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);

        Assert.Equal(TomteSchema.Tables.Select(t => t.Name), first.CreatedTables);
        Assert.Empty(first.Drift);
        foreach (var spec in TomteSchema.Tables)
        {
            var table = bed.Table(spec.Name);
            Assert.Equal(spec.Key.Name, table.Fields.Single(f => f.Id == table.PrimaryFieldId).Name);
            foreach (var field in spec.Fields)
            {
                Assert.Equal(field.Type, table.Field(field.Name).Type);
            }
            if (spec.LastModified is { } modified)
            {
                // The read-back clock moves only when the team edits one of its own fields.
                var watched = table.Field(modified.Name).Options!["referencedFieldIds"]!.AsArray().Select(n => (string)n!);
                Assert.Equal(spec.TeamFields.Select(f => table.Field(f.Name).Id).Order(), watched.Order());
            }
        }
        Assert.Equal(["ny", "klar", "brev sendt", "svar", "dialog", "møte", "LOI", "ikke interessert", "reservert"],
            bed.Table("Grunneiere").Field("Status").Options!["choices"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(bed.Table("Grunneiere").Id, (string)bed.Table("Eiendommer").Field("Eiere").Options!["linkedTableId"]!);

        var metaWrites = bed.Fake.Counters.MetaWrites;
        var second = await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);

        Assert.True(second.NoChanges);
        Assert.Empty(second.Drift);
        Assert.Equal(metaWrites, bed.Fake.Counters.MetaWrites);
    }

    [Fact]
    public async Task Setup_reports_fields_the_team_renamed_or_retyped_and_never_undoes_them()
    {
        await using var bed = await SyncTestBed.StartAsync(_database);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        bed.Table("Grunneiere").RenameField("Neste handling", "Neste steg");
        bed.Table("Tomter").RetypeField("Planstatus", "multilineText");
        var fieldCounts = bed.Base.Tables.ToDictionary(t => t.Name, t => t.Fields.Count);

        var report = await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);

        Assert.True(report.NoChanges);
        Assert.Contains(report.Drift, d => d.Table == "Grunneiere" && d.Field == "Neste handling" && d.Description.Contains("omdøpt til «Neste steg»", StringComparison.Ordinal));
        Assert.Contains(report.Drift, d => d.Table == "Tomter" && d.Field == "Planstatus" && d.Description.Contains("typen multilineText", StringComparison.Ordinal));
        Assert.Equal(fieldCounts, bed.Base.Tables.ToDictionary(t => t.Name, t => t.Fields.Count));
        Assert.Equal("Neste steg", bed.Table("Grunneiere").Fields.Single(f => f.Description?.Contains("[tomte:grunneiere.neste_handling]", StringComparison.Ordinal) == true).Name);
        Assert.Equal("multilineText", bed.Table("Tomter").Field("Planstatus").Type);
    }

    [Fact]
    public async Task Setup_fills_in_what_is_missing_in_a_table_the_team_made_itself()
    {
        await using var bed = await SyncTestBed.StartAsync(_database);
        bed.Base.AddTable("Kommuner", FakeFields.Text("Kommunenummer"), FakeFields.LongText("Notater"), FakeFields.Text("Teamets eget felt"));

        var report = await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);

        Assert.DoesNotContain("Kommuner", report.CreatedTables);
        Assert.Contains("Kommuner.Kommunal vilje", report.CreatedFields);
        Assert.Contains("Kommuner.Sist endret av teamet", report.CreatedFields);
        Assert.DoesNotContain("Kommuner.Notater", report.CreatedFields);
        Assert.Equal("Teamets eget felt", bed.Table("Kommuner").Field("Teamets eget felt").Name);
    }

    [Fact]
    public async Task Doctor_fails_on_a_missing_schema_naming_the_command_and_passes_after_setup()
    {
        await using var bed = await SyncTestBed.StartAsync(_database);

        var before = await bed.Get<DoctorRunner>().RunAsync(CancellationToken.None);
        await bed.Get<AirtableSetup>().RunAsync(CancellationToken.None);
        var after = await bed.Get<DoctorRunner>().RunAsync(CancellationToken.None);

        Assert.Equal(DoctorStatus.Ok, before.Single(l => l.Label == "Airtable").Result.Status);
        var schema = before.Single(l => l.Label == "Airtable-skjema").Result;
        Assert.Equal(DoctorStatus.Failed, schema.Status);
        Assert.Contains("kjør 'tomte airtable setup'", schema.Detail, StringComparison.Ordinal);
        Assert.Equal(DoctorStatus.Ok, after.Single(l => l.Label == "Airtable-skjema").Result.Status);
    }

    [Fact]
    public async Task Doctor_names_the_token_when_airtable_rejects_it()
    {
        await using var bed = await SyncTestBed.StartAsync(_database, settings: new Dictionary<string, string?> { ["Tomte:Airtable:Token"] = "patWrongToken.0000" });

        var lines = await bed.Get<DoctorRunner>().RunAsync(CancellationToken.None);

        var access = lines.Single(l => l.Label == "Airtable").Result;
        Assert.Equal(DoctorStatus.Failed, access.Status);
        Assert.Equal("Tomte:Airtable:Token", access.Key);
        Assert.DoesNotContain("patWrongToken", access.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_without_a_token_warns_that_the_demo_writes_csv()
    {
        using var host = TestHost.Build(_database);

        var lines = await TestHost.Get<DoctorRunner>(host).RunAsync(CancellationToken.None);

        var access = lines.Single(l => l.Label == "Airtable").Result;
        Assert.Equal(DoctorStatus.Warning, access.Status);
        Assert.Contains("Airtable ikke konfigurert (demo skriver CSV)", access.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Result.Status == DoctorStatus.Failed);
    }
}
