using Tomte.Templates;
using Tomte.Worker.Letters;
using Tomte.Worker.Owners;

namespace Tomte.Tests.Letters;

/// <summary>The Scriban templates: parse errors with file:line:column, strict rendering, HTML escaping, the override folder.</summary>
public sealed class TemplateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-templates-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_bundled_template_renders_every_step_with_the_article_14_block_and_a_way_to_say_no()
    {
        var content = LetterFixtures.Content();
        var letter1 = content.LetterHtml(LetterFixtures.Model(OutreachStep.Grunneierbrev1));
        var letter2 = content.LetterHtml(LetterFixtures.Model(OutreachStep.Grunneierbrev2));
        var email1 = content.Email(LetterFixtures.Model(OutreachStep.Grunneierbrev1));
        var followUp = content.Email(LetterFixtures.Model(OutreachStep.Oppfolging));
        var script = content.PhoneScript(LetterFixtures.Model(OutreachStep.Telefon));

        foreach (var text in new[] { letter1, letter2, email1.Html, email1.Text, followUp.Html, followUp.Text })
        {
            Assert.Contains("personvernforordningen artikkel 14", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Fjordbolig Utvikling AS", text);
            Assert.Contains("berettigede interesse", text);
            Assert.Contains("Matrikkelen (Kartverket), hentet 2. november 2026", text);
            Assert.Contains("Vi sletter opplysningene om deg senest 12 måneder", text);
            Assert.Contains("Datatilsynet", text);
            Assert.Contains("«stopp»", text);
            Assert.Contains("stopp@fjordbolig.example", text);
            Assert.Contains("23 dekar", text);
            Assert.Contains("gnr. 55 bnr. 7", text);
            Assert.Contains("Øystein Ås", text);
        }
        Assert.Contains("<div>Åse Bjørnstad</div>", letter1);
        Assert.Contains("<div>1430 ÅS</div>", letter1);
        Assert.Equal("Boligområde i Ås – tomten din (3218-0042)", email1.Subject);
        Assert.Equal("Oppfølging: boligområdet i Ås (3218-0042)", followUp.Subject);
        Assert.Contains("TELEFONMANUS – Åse Bjørnstad (G17)", script);
        Assert.Contains("Ring: 900 00 000", script);
    }

    [Fact]
    public void Values_are_html_escaped_in_html_templates_and_left_alone_in_plain_text()
    {
        var content = LetterFixtures.Content();
        var script = content.LetterHtml(LetterFixtures.Model(OutreachStep.Grunneierbrev1, navn: "<script>alert('x')</script>"));
        Assert.DoesNotContain("<script>", script);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", script);

        var email = content.Email(LetterFixtures.Model(OutreachStep.Oppfolging, navn: "Ærlig & Sønn AS", kind: OwnerKind.Organisasjon));
        Assert.Contains("Til Ærlig &amp; Sønn AS", email.Html);
        Assert.DoesNotContain("Ærlig & Sønn", email.Html);
        Assert.Contains("Til Ærlig & Sønn AS", email.Text);
    }

    [Fact]
    public void Parse_errors_in_an_override_folder_are_all_reported_with_file_line_and_column()
    {
        File.WriteAllText(Path.Combine(_folder, "grunneierbrev-1.html.sbn"), "<p>Hei</p>\n<p>{{ eier.navn </p>\n");
        File.WriteAllText(Path.Combine(_folder, "telefonmanus.txt.sbn"), "Ring {{ eier.id }}\n{{ if eier.har_epost }}\nmangler end\n");
        File.WriteAllText(Path.Combine(_folder, "brev-3.html.sbn"), "ukjent");

        var errors = TemplateSet.Check(_folder);

        var brev = Path.Combine(_folder, "grunneierbrev-1.html.sbn");
        var manus = Path.Combine(_folder, "telefonmanus.txt.sbn");
        Assert.Contains(errors, e => e.File == Path.Combine(_folder, "brev-3.html.sbn") && e.Message.Contains("no template Tomte knows", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == brev && e.Line == 2);
        Assert.Contains(errors, e => e.File == manus && e.Line == 2 && e.Message.Contains("<end>", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Matches(@"^.+\.sbn:\d+:\d+: .+", e.ToString()));
        var thrown = Assert.Throws<TemplateException>(() => TemplateSet.Load(_folder));
        Assert.Equal(errors.Count, thrown.Errors.Count);
    }

    [Fact]
    public void An_unknown_variable_is_an_error_at_its_line_and_column_not_an_empty_string()
    {
        File.WriteAllText(Path.Combine(_folder, "oppfolging-epost.txt.sbn"), "Hei {{ eier.navn }},\n\nvi skriver om {{ eier.fornavn }}.\n");
        File.WriteAllText(Path.Combine(_folder, "oppfolging-epost-emne.txt.sbn"), "Hei {{ ukjent }}");
        var content = LetterFixtures.Content(LetterFixtures.Sender(_folder));

        var error = Assert.Throws<TemplateException>(() => content.Email(LetterFixtures.Model(OutreachStep.Oppfolging)));
        Assert.Equal(Path.Combine(_folder, "oppfolging-epost-emne.txt.sbn"), error.Errors[0].File);
        Assert.Equal((1, 8), (error.Errors[0].Line, error.Errors[0].Column));

        var errors = LettersOptionsValidator.TemplateFolderErrors(_folder, LetterFixtures.Sender(_folder));
        Assert.Contains(errors, e => e.ToString().StartsWith(Path.Combine(_folder, "oppfolging-epost.txt.sbn") + ":3:", StringComparison.Ordinal) && e.Message.Contains("fornavn", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.ToString().StartsWith(Path.Combine(_folder, "oppfolging-epost-emne.txt.sbn") + ":1:8:", StringComparison.Ordinal));

        // The variables never hold null (Scriban would print nothing): an absent value is a har_* flag and a default.
        var bare = LetterFixtures.Model(OutreachStep.Telefon);
        bare = bare with { Owner = bare.Owner with { Epost = null, Telefon = null }, Sites = [bare.Sites[0] with { EstBoliger = null, Endring = null, MapPng = null }] };
        Assert.Empty(Nulls(LetterVariables.For(bare), "").ToList());
    }

    private static IEnumerable<string> Nulls(object? value, string path) => value switch
    {
        null => [path],
        Scriban.Runtime.ScriptObject obj => obj.SelectMany(kv => Nulls(kv.Value, path + "." + kv.Key)),
        Scriban.Runtime.ScriptArray array => array.SelectMany((item, i) => Nulls(item, $"{path}[{i}]")),
        _ => [],
    };

    [Fact]
    public void A_template_in_the_override_folder_replaces_the_bundled_one_and_the_others_stay()
    {
        File.WriteAllText(Path.Combine(_folder, "oppfolging-epost-emne.txt.sbn"), "Til {{ eier.navn }}: en hilsen fra {{ avsender.firma }}");
        var content = LetterFixtures.Content(LetterFixtures.Sender(_folder));

        var email = content.Email(LetterFixtures.Model(OutreachStep.Oppfolging));

        Assert.Equal("Til Åse Bjørnstad: en hilsen fra Fjordbolig Utvikling AS", email.Subject);
        Assert.Contains("For noen dager siden sendte vi deg et brev", email.Text);
        Assert.Empty(LettersOptionsValidator.TemplateFolderErrors(_folder, LetterFixtures.Sender(_folder)));
    }
}
