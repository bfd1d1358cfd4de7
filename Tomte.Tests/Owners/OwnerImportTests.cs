using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tomte.Tests.Infrastructure;
using Tomte.Tests.Ingest;
using Tomte.Worker.Owners.Import;

namespace Tomte.Tests.Owners;

/// <summary><c>tomte owners import</c> through the real importer on a real PostGIS: formats, merging, and every kind of bad row.</summary>
public sealed class OwnerImportTests : IAsyncLifetime
{
    private const string Header = "matrikkelnummer;navn;type;organisasjonsnummer;adresse;postnummer;poststed;andel;epost;telefon;kilde;hentet_dato";

    private readonly PostgisDatabase _database = new();
    private readonly CapturedLogs _logs = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-owners-").FullName;
    private IHost _host = null!;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        _host = TestHost.Build(_database, new Dictionary<string, string?> { ["Tomte:Owners:LegalBasis"] = "Testgrunnlag § 4" }, services: s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        });
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

    private Task<Tomte.Worker.Owners.OwnerStore.Result> ImportAsync(string path) => TestHost.Get<OwnerImporter>(_host).ImportAsync(path, CancellationToken.None);

    [Fact]
    public async Task A_semicolon_file_with_a_bom_merges_one_organisation_and_one_person_across_parcels()
    {
        var path = File("eiere.csv", string.Join("\r\n",
            Header,
            "3218-12/34;Fiktiv Gårdsdrift AS;organisasjon;123456785;Oppdiktet vei 1;1430;Ås;1/1;post@fiktiv.example;;Leverandør A;2026-10-01",
            "3218-12/35;FIKTIV GÅRDSDRIFT AS;organisasjon;123 456 785;;;;1/2;;;Leverandør A;2026-10-01",
            "3218-12/35;Oda Oppdiktet;person;;Prøvestien 3;1430;Ås;1/2;;+47 400 00 000;Leverandør A;01.10.2026",
            "3218-12/36/1;Oppdiktet, Oda;person;;Prøvestien  3;1430;ÅS;;;;;",
            ""), bom: true);

        var result = await ImportAsync(path);

        Assert.Equal((4, 2, 2, 3, 0), (result.Rows, result.Owners, result.NewOwners, result.Parcels, result.Suppressed));
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier"));
        Assert.Equal("12/34:1/1 12/35:1/2", await _database.ScalarAsync<string>(
            "SELECT string_agg(substr(e.matrikkelnummer, 6) || ':' || e.andel, ' ' ORDER BY e.matrikkelnummer) FROM owners.eierskap e JOIN owners.grunneier g USING (eier_id) WHERE g.organisasjonsnummer = '123456785'"));
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.eierskap e JOIN owners.grunneier g USING (eier_id) WHERE g.type = 'person'"));
        // Source, legal basis and retrieval date for every owner; the newest retrieval wins (a row without a date takes the
        // import day, without a source the file's name).
        Assert.Equal("importfil eiere.csv|Testgrunnlag § 4|2026-11-02|import", await _database.ScalarAsync<string>(
            "SELECT kilde || '|' || rettslig_grunnlag || '|' || hentet_dato || '|' || kilde_type FROM owners.grunneier WHERE type = 'person'"));
        Assert.Equal("3218-12/36/1", await _database.ScalarAsync<string>("SELECT matrikkelnummer FROM owners.eiendom WHERE fnr = 1"));
        Assert.Equal("post@fiktiv.example", await _database.ScalarAsync<string>("SELECT epost FROM owners.grunneier WHERE type = 'organisasjon'"));
    }

    [Fact]
    public async Task A_comma_file_without_a_bom_imports_and_a_second_import_of_it_adds_no_owner()
    {
        var path = File("eiere-komma.csv", "Matrikkelnummer,Navn,Type,Adresse,Postnummer,Poststed,Andel\n" +
            "3207-1/2,Per Prøvesen,person,\"Fiktivgata 2, leil. 3\",1400,Ski,1/1\n");

        var first = await ImportAsync(path);
        var second = await ImportAsync(path);

        Assert.Equal((1, 1), (first.Owners, first.NewOwners));
        Assert.Equal((1, 0), (second.Owners, second.NewOwners));
        Assert.Equal("Fiktivgata 2, leil. 3", await _database.ScalarAsync<string>("SELECT adresse FROM owners.grunneier"));
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_named_by_row_and_column_and_nothing_is_imported()
    {
        var path = File("feil.csv", string.Join("\n",
            Header,
            "3218-12/34;Fiktiv Gårdsdrift AS;organisasjon;123456785;;;;;;;;",      // 2: good
            "3218-12;Oda Oppdiktet;person;;;;;;;;;",                               // 3
            "3218-12/34;;person;;;;;;;;;",                                         // 4
            "3218-12/34;Oda Oppdiktet;eier;;;;;;;;;",                              // 5
            "3218-12/34;Oda Oppdiktet;person;123456785;;;;;;;;",                   // 6
            "3218-12/34;Fiktiv AS;organisasjon;123456789;;;;;;;;",                 // 7
            "3218-12/34;Oda Oppdiktet;person;;Prøvestien 3;143;;;;;;",             // 8
            "3218-12/34;Oda Oppdiktet;person;;;;;3/2;;;;",                         // 9
            "3218-12/34;Oda Oppdiktet;person;;;;;halv;;;;",                        // 10
            "3218-12/34;Oda Oppdiktet;person;;;;;;oda.example;;;",                 // 11
            "3218-12/34;Oda Oppdiktet;person;;;;;;;12 34;;",                       // 12
            "3218-12/34;Oda Oppdiktet;person;;;;;;;;;31.02.2026",                  // 13
            "3218-12/34;Oda Oppdiktet;person;;;;;;;;;2027-01-01",                  // 14
            "3218-12/34;Oda Oppdiktet 01017012345;person;;;;;;;;;",                // 15
            "3218-12/34;FIKTIV GÅRDSDRIFT AS;organisasjon;123456785;;;;;;;;",      // 16: same owner and parcel as row 2
            "3218-12/35;Per Prøvesen;person;;;;;;;;;;ekstra"));                    // 17

        var error = await Assert.ThrowsAsync<OwnerImportException>(() => ImportAsync(path));

        Assert.Equal(
        [
            "rad 3, kolonne matrikkelnummer", "rad 4, kolonne navn", "rad 5, kolonne type", "rad 6, kolonne organisasjonsnummer",
            "rad 7, kolonne organisasjonsnummer", "rad 8, kolonne postnummer", "rad 9, kolonne andel", "rad 10, kolonne andel",
            "rad 11, kolonne epost", "rad 12, kolonne telefon", "rad 13, kolonne hentet_dato", "rad 14, kolonne hentet_dato",
            "rad 15, kolonne navn", "rad 16, kolonne navn", "rad 17:",
        ], error.RowErrors.Select(e => e[..(e.Contains(", kolonne", StringComparison.Ordinal) ? e.IndexOf(':', StringComparison.Ordinal) : e.IndexOf(':', StringComparison.Ordinal) + 1)]));
        Assert.StartsWith("feil.csv: 15 ugyldige rader, ingenting er importert: rad 3, kolonne matrikkelnummer: '3218-12' er ikke et matrikkelnummer", error.Message);
        Assert.Contains("fødselsnummer", error.RowErrors[12]);
        Assert.DoesNotContain("01017012345", error.Message);
        Assert.DoesNotContain("oda.example", error.Message);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.grunneier"));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM owners.eiendom"));
    }

    [Theory]
    [InlineData("matrikkelnummer;navn;typ\n3218-1/1;A;person\n", "ukjent.csv: rad 1: ukjent kolonne 'typ'")]
    [InlineData("matrikkelnummer;navn\n3218-1/1;A\n", "ukjent.csv: rad 1: kolonnen 'type' mangler")]
    [InlineData("matrikkelnummer;navn;type\n", "ukjent.csv: ingen rader med eiere under overskriften")]
    public async Task A_bad_header_or_an_empty_file_is_one_clear_error(string text, string expected)
    {
        var error = await Assert.ThrowsAsync<OwnerImportException>(() => ImportAsync(File("ukjent.csv", text)));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public async Task A_file_saved_as_windows_1252_is_refused_naming_the_encoding()
    {
        var path = Path.Combine(_folder, "ansi.csv");
        // "Ås" in Windows-1252: 0xC5 0x73, not valid UTF-8.
        await System.IO.File.WriteAllBytesAsync(path, [.. "matrikkelnummer;navn;type\n3218-1/1;"u8.ToArray(), 0xC5, 0x73, .. ";person\n"u8.ToArray()]);

        var error = await Assert.ThrowsAsync<OwnerImportException>(() => ImportAsync(path));

        Assert.Equal("ansi.csv: filen er ikke UTF-8; lagre den som «CSV UTF-8» i Excel", error.Message);
    }

    [Fact]
    public async Task The_log_of_an_import_holds_counts_but_no_name_address_or_contact()
    {
        var path = File("eiere.csv", Header + "\n3218-12/35;Oda Oppdiktet;person;;Prøvestien 3;1430;Ås;1/2;oda@fiktiv.example;+47 400 00 000;Leverandør A;2026-10-01\n");

        await ImportAsync(path);

        var logged = string.Join("\n", _logs.Entries.Select(e => e.Message + e.Exception));
        Assert.Contains("Owner file eiere.csv imported: 1 rows, 1 owners (1 new)", logged);
        foreach (var personal in new[] { "Oda", "Oppdiktet", "Prøvestien", "oda@fiktiv", "400 00 000" })
        {
            Assert.DoesNotContain(personal, logged, StringComparison.OrdinalIgnoreCase);
        }
    }
}
