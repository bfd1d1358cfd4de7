using MimeKit;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Letters;

namespace Tomte.Tests.Letters;

/// <summary>
/// The letter model read from a real PostGIS (owner, parcels, sites, map, source, Airtable's Ansvarlig) and the
/// <c>tomte letters preview|check</c> verbs run as real processes.
/// </summary>
public sealed class LettersCommandTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-letters-cli-").FullName;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _database.MigrateAsync();
        await using var command = _database.DataSource.CreateCommand("""
            INSERT INTO ref.kommune (kommunenummer, navn) VALUES ('3218', 'Ås');
            INSERT INTO analysis.tomt (tomte_id, kommunenummer, geom, areal_daa, est_boliger, score, endring, first_seen, last_seen) VALUES
                ('3218-0042', '3218', ST_Multi(ST_MakeEnvelope(600000, 6620000, 600150, 6620156, 25833)), 23.40, 70, 81.5, 'ny', now(), now()),
                ('3218-0043', '3218', ST_Multi(ST_MakeEnvelope(601000, 6620000, 601100, 6620100, 25833)), 10.00, 30, 60.0, 'borte', now(), now());
            INSERT INTO analysis.tomt_kart (tomte_id, png, rendered_at) VALUES ('3218-0042', decode(@png, 'base64'), now());
            INSERT INTO owners.eiendom (matrikkelnummer, kommunenummer, gnr, bnr) VALUES ('3218-55/7', '3218', 55, 7), ('3218-56/1', '3218', 56, 1);
            INSERT INTO owners.tomt_eiendom (tomte_id, matrikkelnummer, andel_av_tomt) VALUES ('3218-0042', '3218-55/7', 0.6), ('3218-0043', '3218-56/1', 1);
            INSERT INTO owners.grunneier (eier_id, navn, type, adresse, postnummer, poststed, epost, kilde, rettslig_grunnlag, hentet_dato) VALUES
                ('G17', 'Åse Bjørnstad', 'person', 'Kirkeveien 12', '1430', 'Ås', 'aase@example.no', 'Matrikkelen (Kartverket)', 'Berettiget interesse (art. 6 nr. 1 f).', '2026-11-02'),
                ('G18', 'Ærlig & Sønn AS', 'organisasjon', 'Postboks 7', '1431', 'Ås', NULL, 'Eksempeldata (oppdiktet)', 'Berettiget interesse (art. 6 nr. 1 f).', '2026-11-02');
            INSERT INTO owners.eierskap (eier_id, matrikkelnummer, andel) VALUES ('G17', '3218-55/7', '1/1'), ('G18', '3218-56/1', '1/1');
            INSERT INTO airtable.team_field_history (table_name, record_key, field_name, value, valid_from, read_at) VALUES
                ('Grunneiere', 'G17', 'Ansvarlig', '"Øystein Ås"', now(), now());
            """);
        command.Parameters.AddWithValue("png", Convert.ToBase64String(TinyPng()));
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        await _database.DisposeAsync();
    }

    private Dictionary<string, string?> Environment(bool sender = true)
    {
        var environment = new Dictionary<string, string?> { [PostgisDatabase.ServerVariable] = _database.ConnectionString };
        if (sender)
        {
            var s = LetterFixtures.Sender();
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["CompanyName"] = s.CompanyName,
                ["OrganisationNumber"] = s.OrganisationNumber,
                ["StreetAddress"] = s.StreetAddress,
                ["PostalCode"] = s.PostalCode,
                ["PostalTown"] = s.PostalTown,
                ["Email"] = s.Email,
                ["Phone"] = s.Phone,
                ["OptOutAddress"] = s.OptOutAddress,
                ["RetentionText"] = s.RetentionText,
                ["ContactName"] = s.ContactName,
                ["ContactTitle"] = s.ContactTitle,
                ["ContactEmail"] = s.ContactEmail,
                ["ContactPhone"] = s.ContactPhone,
                ["Team__0__Name"] = "Øystein Ås",
                ["Team__0__Title"] = "Prosjektutvikler",
                ["Team__0__Email"] = "oystein@fjordbolig.example",
                ["Team__0__Phone"] = "400 00 111",
            })
            {
                environment["Tomte__Letters__" + key] = value;
            }
        }
        return environment;
    }

    [Fact]
    public async Task Preview_writes_both_letters_the_e_mails_and_the_phone_script_for_an_owner_from_the_database()
    {
        var outcome = await TomteProcess.RunAsync(Environment(), "letters", "preview", "--owner", "G17", "--out", _folder);

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        Assert.Contains("Forhåndsvisning for G17", outcome.StandardOutput);
        Assert.Equal(
            ["G17-grunneierbrev-1.eml", "G17-grunneierbrev-1.pdf", "G17-grunneierbrev-2.pdf", "G17-oppfolging.eml", "G17-telefon.txt"],
            Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var text = await Poppler.TextAsync(Path.Combine(_folder, "G17-grunneierbrev-1.pdf"));
        Assert.Contains("Området i Ås (vår referanse 3218-0042)", text);
        Assert.Contains("om lag 23 dekar", text);
        Assert.Contains("gnr. 55 bnr. 7", text);
        Assert.DoesNotContain("3218-0043", text); // gone sites are not written about
        Assert.Contains("Matrikkelen (Kartverket), hentet 2. november 2026", text);
        Assert.Contains("Øystein Ås", text); // the owner's Ansvarlig signs
        var images = await Poppler.RunAsync("pdfimages", "-list", Path.Combine(_folder, "G17-grunneierbrev-1.pdf"));
        Assert.Contains(" image ", images);

        var email = await MimeMessage.LoadAsync(Path.Combine(_folder, "G17-oppfolging.eml"));
        Assert.Equal("tomte.G17.oppfolging@fjordbolig.example", email.MessageId);
        Assert.Equal("oystein@fjordbolig.example", email.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("Oppfølging: boligområdet i Ås (3218-0042)", email.Subject);
        Assert.Contains("TELEFONMANUS – Åse Bjørnstad (G17)", await File.ReadAllTextAsync(Path.Combine(_folder, "G17-telefon.txt")));
    }

    [Fact]
    public async Task Without_a_sender_or_for_an_owner_on_no_current_site_preview_fails_with_one_line_naming_why()
    {
        var unconfigured = await TomteProcess.RunAsync(Environment(sender: false), "letters", "preview", "--owner", "G17", "--out", _folder);
        Assert.Equal(1, unconfigured.ExitCode);
        var line = Assert.Single(unconfigured.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tomte letters preview:", line, StringComparison.Ordinal);
        Assert.Contains("Tomte:Letters:CompanyName is empty", line, StringComparison.Ordinal);

        var gone = await TomteProcess.RunAsync(Environment(), "letters", "preview", "--owner", "G18", "--out", _folder);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("owner G18 owns land on no current site", Assert.Single(gone.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Check_prints_every_template_error_with_file_line_and_column()
    {
        var templates = Directory.CreateDirectory(Path.Combine(_folder, "maler")).FullName;
        await File.WriteAllTextAsync(Path.Combine(templates, "telefonmanus.txt.sbn"), "Ring {{ eier.id }}\n{{ if eier.har_epost }}\nmangler end\n");
        await File.WriteAllTextAsync(Path.Combine(templates, "oppfolging-epost-emne.txt.sbn"), "Hei\n  {{ eier.fornavn }}");

        var broken = await TomteProcess.RunAsync(Environment(), "letters", "check", "--mappe", templates);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"FEIL {Path.Combine(templates, "telefonmanus.txt.sbn")}:2:", broken.StandardOutput);
        Assert.StartsWith("tomte letters check: 1 feil i malene", Assert.Single(broken.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        File.Delete(Path.Combine(templates, "telefonmanus.txt.sbn"));
        var unknownVariable = await TomteProcess.RunAsync(Environment(), "letters", "check", "--mappe", templates);
        Assert.Equal(1, unknownVariable.ExitCode);
        Assert.Contains($"FEIL {Path.Combine(templates, "oppfolging-epost-emne.txt.sbn")}:2:", unknownVariable.StandardOutput);
        Assert.Contains("fornavn", unknownVariable.StandardOutput);

        await File.WriteAllTextAsync(Path.Combine(templates, "oppfolging-epost-emne.txt.sbn"), "Hei {{ eier.navn }}");
        var fine = await TomteProcess.RunAsync(Environment(), "letters", "check", "--mappe", templates);
        Assert.True(fine.ExitCode == 0, fine.StandardError);
        Assert.Contains("egen mal: oppfolging-epost-emne.txt.sbn", fine.StandardOutput);
        Assert.Contains("Malene er i orden", fine.StandardOutput);
    }

    private static byte[] TinyPng()
    {
        using var bitmap = new SkiaSharp.SKBitmap(60, 40);
        bitmap.Erase(SkiaSharp.SKColors.Orange);
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
