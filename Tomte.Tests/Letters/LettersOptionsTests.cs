using Tomte.Tests.Infrastructure;
using Tomte.Worker.Letters;

namespace Tomte.Tests.Letters;

/// <summary>Tomte:Letters validated on start: messages name the key and the value.</summary>
public sealed class LettersOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tomte-letter-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void No_sender_at_all_is_valid_so_other_verbs_run_but_a_partial_sender_names_each_missing_key()
    {
        Assert.Null(SettingsValidation.Validate([]));

        var error = SettingsValidation.Validate(new()
        {
            ["Tomte:Letters:CompanyName"] = "Fjordbolig Utvikling AS",
            ["Tomte:Letters:OrganisationNumber"] = "123456789",
            ["Tomte:Letters:Email"] = "post@",
        });

        Assert.NotNull(error);
        var message = string.Join("\n", error.Failures);
        Assert.Contains("Tomte:Letters:StreetAddress is empty: set it.", message);
        Assert.Contains("Tomte:Letters:RetentionText is empty: set it.", message);
        Assert.Contains("Tomte:Letters:OrganisationNumber is '123456789'; it must be 9 digits with a valid check digit", message);
        Assert.Contains("Tomte:Letters:Email is 'post@'; it must be an e-mail address", message);
        Assert.DoesNotContain("CompanyName", message);
    }

    [Fact]
    public void Team_members_window_and_template_folder_are_checked_naming_key_and_value()
    {
        File.WriteAllText(Path.Combine(_folder, "telefonmanus.txt.sbn"), "Ring {{ eier.telefonnummer }}");
        var error = SettingsValidation.Validate(new()
        {
            ["Tomte:Letters:Team:0:Name"] = "Øystein Ås",
            ["Tomte:Letters:Team:0:Email"] = "øystein",
            ["Tomte:Letters:WindowLeftMm"] = "120",
            ["Tomte:Letters:WindowWidthMm"] = "105",
            ["Tomte:Letters:WindowHeightMm"] = "5",
            ["Tomte:Letters:TemplateFolder"] = _folder,
        });

        Assert.NotNull(error);
        var message = string.Join("\n", error.Failures);
        Assert.Contains("Tomte:Letters:Team:0:Email is 'øystein'; it must be an e-mail address", message);
        Assert.Contains("Tomte:Letters:WindowLeftMm + WindowWidthMm is 120 + 105; the window must end within the A4 sheet's 210 mm.", message);
        Assert.Contains("Tomte:Letters:WindowHeightMm is 5; it must be between 20 and 100.", message);
        Assert.Contains($"Tomte:Letters:TemplateFolder '{_folder}': {Path.Combine(_folder, "telefonmanus.txt.sbn")}:1:", message);
        Assert.Contains("telefonnummer", message);
    }

    [Theory]
    [InlineData("999999999", true)]
    [InlineData("974760673", true)]
    [InlineData("974760672", false)]
    [InlineData("97476067", false)]
    public void Organisation_numbers_are_checked_with_enhetsregisterets_check_digit(string number, bool valid) =>
        Assert.Equal(valid, LettersOptionsValidator.IsOrganisationNumber(number));
}
