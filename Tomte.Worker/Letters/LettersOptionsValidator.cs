using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;
using Tomte.Templates;

namespace Tomte.Worker.Letters;

/// <summary>
/// <c>Tomte:Letters</c> rules across keys: once any sender detail is set, all must be, with a valid organisasjonsnummer
/// and e-mail addresses; every team member has a name and an address; the window lies on an A4 sheet; and an override
/// folder parses and renders a sample letter, each error named by file:line:column.
/// </summary>
public sealed class LettersOptionsValidator : IValidateOptions<LettersOptions>
{
    private const string S = LettersOptions.Section;

    public ValidateOptionsResult Validate(string? name, LettersOptions options)
    {
        var failures = new List<string>();
        if (SenderValues(options).Any(v => !string.IsNullOrWhiteSpace(v.Value)))
        {
            failures.AddRange(SenderFailures(options));
        }
        for (var i = 0; i < options.Team.Count; i++)
        {
            var member = options.Team[i];
            if (string.IsNullOrWhiteSpace(member.Name))
            {
                failures.Add($"{S}:Team:{i}:Name is empty: give each team member the name Airtable's Ansvarlig uses.");
            }
            if (!IsAddress(member.Email))
            {
                failures.Add($"{S}:Team:{i}:Email is '{member.Email}'; it must be an e-mail address (owners' replies go there).");
            }
        }
        if (options.WindowLeftMm + options.WindowWidthMm > 210)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:WindowLeftMm + WindowWidthMm is {options.WindowLeftMm} + {options.WindowWidthMm}; the window must end within the A4 sheet's 210 mm."));
        }
        if (options.WindowTopMm + options.WindowHeightMm > 297)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:WindowTopMm + WindowHeightMm is {options.WindowTopMm} + {options.WindowHeightMm}; the window must end within the A4 sheet's 297 mm."));
        }
        if (!string.IsNullOrWhiteSpace(options.TemplateFolder))
        {
            failures.AddRange(TemplateFolderErrors(options.TemplateFolder, options).Select(e => $"{S}:TemplateFolder '{options.TemplateFolder}': {e}"));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What is wrong with an override folder: unknown files, parse errors, then errors rendering a sample letter.</summary>
    public static IReadOnlyList<TemplateError> TemplateFolderErrors(string folder, LettersOptions options)
    {
        return LetterTemplateCheck.Run(folder, options).Errors;
    }

    /// <summary>Stops a letter before it is made when the sender is not (fully) configured, naming the first empty key.</summary>
    public static void ThrowIfSenderMissing(LettersOptions options)
    {
        var failures = SenderFailures(options).ToList();
        if (failures.Count > 0)
        {
            throw new LetterInputException("letters need the sender's details: " + string.Join(" ", failures));
        }
    }

    private static IEnumerable<string> SenderFailures(LettersOptions options)
    {
        foreach (var (key, value) in SenderValues(options))
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{S}:{key} is empty: set it.";
            }
        }
        if (!string.IsNullOrWhiteSpace(options.OrganisationNumber) && !IsOrganisationNumber(options.OrganisationNumber))
        {
            yield return $"{S}:OrganisationNumber is '{options.OrganisationNumber}'; it must be 9 digits with a valid check digit (Enhetsregisteret's number).";
        }
        foreach (var (key, value) in new[] { ("Email", options.Email), ("OptOutAddress", options.OptOutAddress), ("ContactEmail", options.ContactEmail) })
        {
            if (!string.IsNullOrWhiteSpace(value) && !IsAddress(value))
            {
                yield return $"{S}:{key} is '{value}'; it must be an e-mail address such as post@firma.no.";
            }
        }
    }

    private static IEnumerable<(string Key, string Value)> SenderValues(LettersOptions o) =>
    [
        ("CompanyName", o.CompanyName), ("OrganisationNumber", o.OrganisationNumber), ("StreetAddress", o.StreetAddress),
        ("PostalCode", o.PostalCode), ("PostalTown", o.PostalTown), ("Email", o.Email), ("Phone", o.Phone),
        ("OptOutAddress", o.OptOutAddress), ("RetentionText", o.RetentionText),
        ("ContactName", o.ContactName), ("ContactTitle", o.ContactTitle), ("ContactEmail", o.ContactEmail), ("ContactPhone", o.ContactPhone),
    ];

    private static bool IsAddress(string value) =>
        MailboxAddress.TryParse(value, out var mailbox) && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.Domain is { } domain && domain.Contains('.', StringComparison.Ordinal);

    // Enhetsregisteret's modulus 11 with weights 3 2 7 6 5 4 3 2.
    internal static bool IsOrganisationNumber(string value)
    {
        if (value.Length != 9 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }
        int[] weights = [3, 2, 7, 6, 5, 4, 3, 2];
        var sum = weights.Select((w, i) => w * (value[i] - '0')).Sum();
        var check = 11 - sum % 11;
        return check != 10 && (check == 11 ? 0 : check) == value[8] - '0';
    }
}
