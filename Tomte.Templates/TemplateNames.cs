namespace Tomte.Templates;

/// <summary>
/// The templates Tomte renders, by the name an override file takes (<c>name + ".sbn"</c>). Names starting with
/// <c>_</c> are shared blocks the others include (<c>{{ include '_personvern.html' }}</c>). A name ending in
/// <c>.html</c> is HTML: every value written into it is HTML-escaped; the rest are plain text.
/// </summary>
public static class TemplateNames
{
    public const string Extension = ".sbn";

    public const string Grunneierbrev1 = "grunneierbrev-1.html";
    public const string Grunneierbrev2 = "grunneierbrev-2.html";
    public const string Grunneierbrev1EpostHtml = "grunneierbrev-1-epost.html";
    public const string Grunneierbrev1EpostTekst = "grunneierbrev-1-epost.txt";
    public const string Grunneierbrev1EpostEmne = "grunneierbrev-1-epost-emne.txt";
    public const string OppfolgingEpostHtml = "oppfolging-epost.html";
    public const string OppfolgingEpostTekst = "oppfolging-epost.txt";
    public const string OppfolgingEpostEmne = "oppfolging-epost-emne.txt";
    public const string Telefonmanus = "telefonmanus.txt";

    /// <summary>Every template, shared blocks included; an override file must carry one of these names.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Grunneierbrev1, Grunneierbrev2,
        Grunneierbrev1EpostHtml, Grunneierbrev1EpostTekst, Grunneierbrev1EpostEmne,
        OppfolgingEpostHtml, OppfolgingEpostTekst, OppfolgingEpostEmne,
        Telefonmanus,
        "_stil.html", "_hode.html", "_tomter.html", "_tomter.txt", "_personvern.html", "_personvern.txt", "_avslutning.html",
        "_brev-1-tekst.html",
    ];

    public static bool IsHtml(string name) => name.EndsWith(".html", StringComparison.Ordinal);
}
