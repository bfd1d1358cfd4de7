using System.ComponentModel.DataAnnotations;

namespace Tomte.Worker.Letters;

/// <summary>
/// <c>Tomte:Letters</c>: who the letters come from (printed in every letter and e-mail and in the article 14 block),
/// the team members an owner's "Ansvarlig" can name, the envelope window and the template override folder.
/// The sender is optional until letters are made: a verb that makes letters fails naming the first empty key.
/// </summary>
public sealed class LettersOptions
{
    public const string Section = "Tomte:Letters";

    /// <summary>The developer's registered name, e.g. "Fjordbolig Utvikling AS".</summary>
    public string CompanyName { get; set; } = "";

    /// <summary>Organisasjonsnummer, 9 digits.</summary>
    public string OrganisationNumber { get; set; } = "";

    public string StreetAddress { get; set; } = "";

    public string PostalCode { get; set; } = "";

    public string PostalTown { get; set; } = "";

    /// <summary>The company's e-mail address: the From of every e-mail, and its domain ends every Message-Id.</summary>
    public string Email { get; set; } = "";

    public string Phone { get; set; } = "";

    /// <summary>Where an owner says no ("stopp"): the List-Unsubscribe mailto and the letters' opt-out address.</summary>
    public string OptOutAddress { get; set; } = "";

    /// <summary>How long owner data is kept, as the article 14 block says it (one or two sentences in bokmål).</summary>
    public string RetentionText { get; set; } = "";

    /// <summary>The default sender person, used when an owner has no "Ansvarlig" or names nobody in <see cref="Team"/>.</summary>
    public string ContactName { get; set; } = "";

    public string ContactTitle { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    public string ContactPhone { get; set; } = "";

    /// <summary>The team members an owner's Airtable "Ansvarlig" may name (by name or e-mail address).</summary>
    public List<TeamMember> Team { get; set; } = [];

    /// <summary>A folder whose <c>*.sbn</c> files replace the bundled templates of the same name (no rebuild); empty: bundled only.</summary>
    public string TemplateFolder { get; set; } = "";

    /// <summary>The envelope window, from the sheet's top-left corner, in millimetres (default: a C5 window envelope).</summary>
    [Range(0, 200)]
    public double WindowLeftMm { get; set; } = 15;

    [Range(0, 280)]
    public double WindowTopMm { get; set; } = 44;

    [Range(50, 200)]
    public double WindowWidthMm { get; set; } = 105;

    [Range(20, 100)]
    public double WindowHeightMm { get; set; } = 35;

    /// <summary>The Python that has WeasyPrint (Debian's <c>weasyprint</c> package installs it for /usr/bin/python3).</summary>
    [Required]
    public string PythonPath { get; set; } = "/usr/bin/python3";

    /// <summary>PDFs rendered at the same time (each slot one long-lived WeasyPrint process); 0 = one per processor core.</summary>
    [Range(0, 64)]
    public int PdfParallelism { get; set; }

    /// <summary>True when the sender is set; letters cannot be made before.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(CompanyName);

    /// <summary>The fictional sender the demo writes with when none is configured (never used for real letters).</summary>
    public static LettersOptions DemoSender(LettersOptions configured) => new()
    {
        CompanyName = "Eksempel Boligutvikling AS",
        OrganisationNumber = "999999999",
        StreetAddress = "Oppdiktet gate 1",
        PostalCode = "0150",
        PostalTown = "Oslo",
        Email = "post@eksempel-bolig.invalid",
        Phone = "22 00 00 00",
        OptOutAddress = "stopp@eksempel-bolig.invalid",
        RetentionText = "Vi sletter opplysningene om deg senest 12 måneder etter siste kontakt, eller straks du ber om det.",
        ContactName = "Kari Eksempel",
        ContactTitle = "Tomtesjef",
        ContactEmail = "kari@eksempel-bolig.invalid",
        ContactPhone = "400 00 000",
        Team = configured.Team,
        TemplateFolder = configured.TemplateFolder,
        WindowLeftMm = configured.WindowLeftMm,
        WindowTopMm = configured.WindowTopMm,
        WindowWidthMm = configured.WindowWidthMm,
        WindowHeightMm = configured.WindowHeightMm,
        PythonPath = configured.PythonPath,
        PdfParallelism = configured.PdfParallelism,
    };
}

/// <summary>One person on the sales team: who a letter is signed by and who the owner's reply goes to.</summary>
public sealed class TeamMember
{
    public string Name { get; set; } = "";

    public string Title { get; set; } = "";

    public string Email { get; set; } = "";

    public string Phone { get; set; } = "";
}
