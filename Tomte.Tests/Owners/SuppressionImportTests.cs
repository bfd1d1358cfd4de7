using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest;
using Tomte.Worker.Owners.Import;
using Tomte.Worker.Owners.Privacy;

namespace Tomte.Tests.Owners;

/// <summary>
/// <c>suppression import</c> (wash results and opt-outs) and <c>suppression export</c> through the real services on a real
/// PostGIS: both formats, every kind of bad row, all or nothing, and the permission check reading what was imported.
/// </summary>
public sealed class SuppressionImportTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly CapturedLogs _logs = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-suppression-").FullName;
    private IHost _host = null!;
    private string _oda = "", _per = "", _org = "";

    private FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Owners:LegalBasis"] = "Testgrunnlag § 4" }, services: s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        });
        await TestHost.Get<OwnerImporter>(_host).ImportAsync(File("eiere.csv", string.Join("\n",
            "matrikkelnummer;navn;type;organisasjonsnummer;adresse;postnummer;poststed;epost;telefon",
            "3218-1/1;Oda Oppdiktet;person;;Prøvestien 3;1430;Ås;oda@fiktiv.example;+47 400 00 001",
            "3218-1/2;Per Påfunn;person;;Diktervegen 9;1430;Ås;per@fiktiv.example;400 00 002",
            "3218-1/3;Fiktiv Gårdsdrift AS;organisasjon;123456785;Oppdiktet vei 1;1430;Ås;post@fiktiv.example;")), CancellationToken.None);
        _oda = (await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE navn = 'Oda Oppdiktet'"))!;
        _per = (await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE navn = 'Per Påfunn'"))!;
        _org = (await _database.ScalarAsync<string>("SELECT eier_id FROM owners.grunneier WHERE organisasjonsnummer = '123456785'"))!;
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string File(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private Task<SuppressionImporter.Result> ImportAsync(string path, DateOnly? vaskedato = null) =>
        TestHost.Get<SuppressionImporter>(_host).ImportAsync(path, vaskedato, CancellationToken.None);

    private async Task<ContactPermission> CheckAsync(string eierId, ContactChannel channel)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        return await TestHost.Get<ContactPermissions>(_host).CheckAsync(connection, null, eierId, channel);
    }

    private Task<long> CountAsync(string sql) => _database.ScalarAsync<long>(sql);

    [Fact]
    public async Task The_export_goes_to_the_vendor_and_its_answer_comes_back_as_a_wash_with_its_date()
    {
        var exported = Path.Combine(_folder, "til-vask.csv");
        var persons = await TestHost.Get<WashListExporter>(_host).WriteAsync(exported, CancellationToken.None);

        Assert.Equal(2, persons);
        var bytes = await System.IO.File.ReadAllBytesAsync(exported);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["eier_id;navn;adresse;postnummer;poststed", $"{_oda};Oda Oppdiktet;Prøvestien 3;1430;Ås", $"{_per};Per Påfunn;Diktervegen 9;1430;Ås"], lines);

        // The vendor adds reservert and the wash date; Excel keeps the BOM and semicolons.
        var answer = File("fra-vask.csv", string.Join("\r\n",
            lines[0] + ";reservert;vaskedato",
            lines[1] + ";ja;2026-11-27",
            lines[2] + ";nei;27.11.2026",
            ""), bom: true);
        var result = await ImportAsync(answer);

        Assert.Equal((SuppressionFileKind.Vask, 2, 1, new DateOnly(2026, 11, 27)), (result.Kind, result.Rows, result.Reserved, result.Vaskedato));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM owners.vask WHERE fil = 'fra-vask.csv' AND vaskedato = '2026-11-27' AND antall = 2 AND reserverte = 1"));
        Assert.Equal(ContactBlock.Reservert, (await CheckAsync(_oda, ContactChannel.Post)).Reason);
        Assert.True((await CheckAsync(_per, ContactChannel.Post)).IsAllowed);
        var export = JsonNode.Parse(await TestHost.Get<GdprService>(_host).ExportAsync(_oda, CancellationToken.None))!;
        Assert.Equal("reservert", (string?)export["reservasjoner"]![0]!["reason"]);
        Assert.True((bool)export["vask_mot_reservasjonsregisteret"]![0]!["reservert"]!);
        Assert.Contains(_logs.Entries, e => e.EventId == 6063);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("Oppdiktet", StringComparison.Ordinal) || e.Message.Contains("Prøvestien", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_comma_file_without_bom_takes_its_date_from_vaskedato_and_a_newer_wash_lifts_a_reservation()
    {
        await ImportAsync(File("vask1.csv", $"eier_id,reservert\n{_oda},x\n{_per},nei\n"), new DateOnly(2026, 11, 20));
        Assert.Equal(ContactBlock.Reservert, (await CheckAsync(_oda, ContactChannel.Epost)).Reason);

        var result = await ImportAsync(File("vask2.csv", $"eier_id,reservert\n{_oda.ToLowerInvariant()},nei\n"), new DateOnly(2026, 11, 29));

        Assert.Equal((1, 0), (result.Rows, result.Reserved));
        Assert.True((await CheckAsync(_oda, ContactChannel.Post)).IsAllowed);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM outreach.suppression WHERE reason = 'reservert'"));

        // An older wash imported late does not overrule the newer one.
        await ImportAsync(File("vask0.csv", $"eier_id;reservert;vaskedato\n{_oda};ja;2026-11-01\n"));
        Assert.True((await CheckAsync(_oda, ContactChannel.Post)).IsAllowed);
    }

    [Fact]
    public async Task Every_kind_of_bad_wash_row_is_named_by_row_and_column_and_nothing_is_imported()
    {
        var path = File("vask.csv", string.Join("\n",
            "eier_id;navn;reservert;vaskedato",
            $"{_oda};Oda Oppdiktet;ja;2026-11-27",   // 2: fine
            ";;nei;2026-11-27",                        // 3
            "X12;Feil Id;nei;2026-11-27",              // 4
            $"{_per};Per Påfunn;;2026-11-27",           // 5
            $"{_per};Per Påfunn;kanskje;2026-11-27",    // 6
            $"{_org};Fiktiv;nei;27/11/2026",            // 7
            $"{_org};Fiktiv;nei;2026-12-24",            // 8
            $"{_oda};Oda Oppdiktet;nei;2026-11-27",    // 9
            $"{_per};Per 01017012345;nei;2026-11-27",   // 10
            $"{_per};Per;nei;2026-11-27;ekstra",        // 11
            $"{_per};Per;nei;",                         // 12
            ""));

        var error = await Assert.ThrowsAsync<SuppressionImportException>(() => ImportAsync(path));

        Assert.Equal(
        [
            "rad 3, kolonne eier_id: mangler",
            "rad 4, kolonne eier_id: 'X12' er ikke en Eier-ID (G og sifre, f.eks. G000123)",
            "rad 5, kolonne reservert: mangler; skriv ja eller nei",
            "rad 6, kolonne reservert: verdien må være ja eller nei",
            "rad 7, kolonne vaskedato: '27/11/2026' er ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
            "rad 8, kolonne vaskedato: 2026-12-24 er fram i tid",
            "rad 9, kolonne eier_id: samme Eier-ID som rad 2",
            "rad 10, kolonne navn: inneholder et 11-sifret nummer (fødselsnummer?); Tomte lagrer aldri fødselsnumre – fjern det",
            "rad 11: 5 felt, men overskriften har 4 kolonner (skilletegn i en verdi uten anførselstegn?)",
            "rad 12, kolonne vaskedato: mangler (fyll den inn eller bruk --vaskedato)",
        ], error.RowErrors);
        Assert.StartsWith("vask.csv: 10 ugyldige rader, ingenting er importert: rad 3, kolonne eier_id: mangler; rad 4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("01017012345", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM owners.vask"));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM outreach.suppression"));
    }

    [Fact]
    public async Task A_wash_without_ids_matches_persons_by_name_and_address_as_owners_merge_and_names_no_one_it_cannot_match()
    {
        var result = await ImportAsync(File("vask.csv", string.Join("\n",
            "navn;adresse;postnummer;poststed;reservert",
            "ODA OPPDIKTET;Prøvestien  3;1430;ÅS;ja",
            "Påfunn, Per;Diktervegen 9;1430;Ås;nei",
            "")), new DateOnly(2026, 11, 29));

        Assert.Equal((2, 1), (result.Rows, result.Reserved));
        Assert.Equal(ContactBlock.Reservert, (await CheckAsync(_oda, ContactChannel.Post)).Reason);
        Assert.True((await CheckAsync(_per, ContactChannel.Post)).IsAllowed);

        var error = await Assert.ThrowsAsync<SuppressionImportException>(() => ImportAsync(File("vask2.csv", string.Join("\n",
            "navn;adresse;postnummer;reservert",
            "Oda Oppdiktet;Prøvestien 3;1430;nei",
            "Ukjent Person;Ingensteds 1;1430;nei",
            "Fiktiv Gårdsdrift AS;Oppdiktet vei 1;1430;nei",
            $"{_oda};;;nei".Replace(_oda, "Oda Oppdiktet", StringComparison.Ordinal) + "",
            "")), new DateOnly(2026, 11, 29)));

        Assert.Equal(
        [
            "rad 3, kolonne navn: ingen person med dette navnet, denne adressen og dette postnummeret blant grunneierne",
            "rad 4, kolonne navn: ingen person med dette navnet, denne adressen og dette postnummeret blant grunneierne",
            "rad 5, kolonne navn: ingen person med dette navnet, denne adressen og dette postnummeret blant grunneierne",
        ], error.RowErrors);
        Assert.DoesNotContain("Ukjent", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM owners.vask"));
    }

    [Fact]
    public async Task A_wash_naming_an_owner_tomte_does_not_hold_fails_whole_naming_the_row()
    {
        var path = File("vask.csv", $"eier_id;reservert;vaskedato\n{_oda};ja;2026-11-27\nG999999;nei;2026-11-27\n");

        var error = await Assert.ThrowsAsync<SuppressionImportException>(() => ImportAsync(path));

        Assert.Equal("vask.csv: 1 ugyldige rader, ingenting er importert: rad 3, kolonne eier_id: ingen grunneier med Eier-ID 'G999999' (slettet siden eksporten? fjern raden)", error.Message);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM owners.vask"));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM outreach.suppression WHERE reason = 'reservert'"));
    }

    [Theory]
    [InlineData("eier_id;navn;adresse;vaskedato\nG000001;Oda;Vei 1;2026-11-27\n", "vask.csv: rad 1: kolonnen 'reservert' mangler")]
    [InlineData("eier_id;reservert;fodselsnummer\nG000001;ja;\n", "vask.csv: rad 1: ukjent kolonne 'fodselsnummer'; kjente kolonner er eier_id, navn, adresse, postnummer, poststed, reservert, vaskedato")]
    [InlineData("eier_id;reservert;reservert\nG000001;ja;ja\n", "vask.csv: rad 1: kolonnen 'reservert' står to ganger")]
    [InlineData("eier_id;reservert\nG000001;ja\n", "vask.csv: en vaskefil trenger vaskedatoen: en kolonne vaskedato, eller --vaskedato ÅÅÅÅ-MM-DD")]
    [InlineData("navn;kilde\nOda;brev\n", "vask.csv: rad 1: en avmeldingsfil trenger minst én av kolonnene eier_id, epost, telefon (en vaskefil har kolonnen reservert)")]
    [InlineData("eier_id;reservert;vaskedato\n", "vask.csv: ingen rader under overskriften")]
    [InlineData("", "vask.csv: filen er tom; første rad skal være kolonnenavnene, for en vaskefil eier_id, navn, adresse, postnummer, poststed, reservert, vaskedato, for en avmeldingsfil eier_id, epost, telefon, kilde, navn")]
    public async Task A_bad_header_fails_with_one_message_naming_the_file(string text, string message)
    {
        var error = await Assert.ThrowsAsync<SuppressionImportException>(() => ImportAsync(File("vask.csv", text)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused()
    {
        var path = Path.Combine(_folder, "vask.csv");
        await System.IO.File.WriteAllBytesAsync(path, Encoding.Latin1.GetBytes($"eier_id;navn;reservert;vaskedato\n{_oda};Påfunn;ja;2026-11-27\n"));

        var error = await Assert.ThrowsAsync<SuppressionImportException>(() => ImportAsync(path));

        Assert.Equal("vask.csv: filen er ikke UTF-8; lagre den som «CSV UTF-8» i Excel", error.Message);
    }

    [Fact]
    public async Task Opt_outs_by_owner_email_and_phone_are_added_once_and_block_what_they_name()
    {
        var path = File("avmeldinger.csv", string.Join("\n",
            "eier_id;epost;telefon;kilde",
            $"{_per};;;brev fra eier",
            ";ODA@fiktiv.example;;e-post «avmeld»",
            ";;+47 400 00 001;",
            ""), bom: true);

        var first = await ImportAsync(path);
        var again = await ImportAsync(path);

        Assert.Equal((SuppressionFileKind.Avmelding, 3, 3), (first.Kind, first.Rows, first.Added));
        Assert.Equal((3, 0), (again.Rows, again.Added));
        Assert.Equal(ContactBlock.Avmeldt, (await CheckAsync(_per, ContactChannel.Post)).Reason);
        Assert.Equal(ContactBlock.EpostSperret, (await CheckAsync(_oda, ContactChannel.Epost)).Reason);
        Assert.Equal(ContactBlock.TelefonSperret, (await CheckAsync(_oda, ContactChannel.Telefon)).Reason);
        Assert.Equal(ContactBlock.VenterPaVask, (await CheckAsync(_oda, ContactChannel.Post)).Reason);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM outreach.suppression WHERE telefon = '40000001' AND source = 'avmeldingsfil avmeldinger.csv'"));
        Assert.Contains(_logs.Entries, e => e.EventId == 6064);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("fiktiv.example", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("40000001", StringComparison.Ordinal));

        // A person who opted out is not sent to the wash vendor.
        var exported = Path.Combine(_folder, "til-vask.csv");
        Assert.Equal(1, await TestHost.Get<WashListExporter>(_host).WriteAsync(exported, CancellationToken.None));
        Assert.DoesNotContain("Påfunn", await System.IO.File.ReadAllTextAsync(exported), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_kind_of_bad_opt_out_row_is_named_and_nothing_is_imported()
    {
        var path = File("avmeldinger.csv", string.Join("\n",
            "eier_id,epost,telefon,kilde",
            $"{_oda},,,brev",                 // 2: fine
            ",,,ingen ting",                  // 3
            ",oda-fiktiv.example,,",          // 4
            ",,12 34,",                       // 5
            "Oda,,,",                         // 6
            "G999999,,,",                     // 7: well-formed but unknown (checked against the database)
            ""));

        var error = await Assert.ThrowsAsync<SuppressionImportException>(() => ImportAsync(path));

        Assert.Equal(
        [
            "rad 3, kolonne eier_id: raden har verken eier_id, epost eller telefon; fyll inn minst én",
            "rad 4, kolonne epost: er ikke en e-postadresse (navn@domene.no)",
            "rad 5, kolonne telefon: er ikke et telefonnummer (minst 8 siffer, gjerne med +47)",
            "rad 6, kolonne eier_id: verdien er ikke en Eier-ID (G og sifre, f.eks. G000123)",
        ], error.RowErrors);

        var unknown = await Assert.ThrowsAsync<SuppressionImportException>(() => ImportAsync(File("avmeldinger2.csv", $"eier_id;epost\n{_oda};\nG999999;x@fiktiv.example\n")));
        Assert.Equal("avmeldinger2.csv: 1 ugyldige rader, ingenting er importert: rad 3, kolonne eier_id: ingen grunneier med Eier-ID 'G999999'", unknown.Message);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM outreach.suppression"));
    }
}
