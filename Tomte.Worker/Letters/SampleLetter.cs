using Tomte.Worker.Owners;

namespace Tomte.Worker.Letters;

/// <summary>
/// A fictional letter with every field filled: what start-up validation and <c>tomte letters check</c> render each
/// template with, so an override that names an unknown variable fails before any real letter is made.
/// </summary>
public static class SampleLetter
{
    public static LetterModel For(LettersOptions sender, OutreachStep step = OutreachStep.Grunneierbrev1)
    {
        var senderOrDemo = sender.IsConfigured ? sender : LettersOptions.DemoSender(sender);
        return new LetterModel(
            step,
            new DateOnly(2026, 12, 1),
            new LetterOwner("G1", "Ærlig & Sønn AS", OwnerKind.Organisasjon, ["Ærlig & Sønn AS", "Oppdiktet vei 1", "1430 ÅS"], "post@aerlig.invalid", "400 00 001"),
            [new LetterSite("3218-0001", "Ås", 12.5m, 40, "ny", ["3218-1/1"], null)],
            new LetterSource("Eksempeldata (oppdiktet)", new DateOnly(2026, 1, 5), "Berettiget interesse (personvernforordningen art. 6 nr. 1 f)."),
            new LetterPerson(senderOrDemo.ContactName, senderOrDemo.ContactTitle, senderOrDemo.ContactEmail, senderOrDemo.ContactPhone),
            senderOrDemo);
    }
}
