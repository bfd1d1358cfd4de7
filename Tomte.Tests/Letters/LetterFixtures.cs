using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tomte.Worker.Letters;
using Tomte.Worker.Owners;

namespace Tomte.Tests.Letters;

/// <summary>Sender settings and letter models for the letter tests (fictional company and owners).</summary>
internal static class LetterFixtures
{
    public static LettersOptions Sender(string? templateFolder = null) => new()
    {
        CompanyName = "Fjordbolig Utvikling AS",
        OrganisationNumber = "999999999",
        StreetAddress = "Brygga 3",
        PostalCode = "1440",
        PostalTown = "Drøbak",
        Email = "post@fjordbolig.example",
        Phone = "64 00 00 00",
        OptOutAddress = "stopp@fjordbolig.example",
        RetentionText = "Vi sletter opplysningene om deg senest 12 måneder etter siste kontakt, eller straks du ber om det.",
        ContactName = "Kari Nordmann",
        ContactTitle = "Tomtesjef",
        ContactEmail = "kari@fjordbolig.example",
        ContactPhone = "400 00 000",
        Team = [new TeamMember { Name = "Øystein Ås", Title = "Prosjektutvikler", Email = "oystein@fjordbolig.example", Phone = "400 00 111" }],
        TemplateFolder = templateFolder ?? "",
    };

    public static LetterModel Model(OutreachStep step, string navn = "Åse Bjørnstad", OwnerKind kind = OwnerKind.Person, LettersOptions? sender = null, byte[]? map = null)
    {
        sender ??= Sender();
        return new LetterModel(step, new DateOnly(2026, 12, 1),
            new LetterOwner("G17", navn, kind, LetterModelStore.AddressLines(navn, "Kirkeveien 12", "1430", "Ås"), "aase@example.no", "900 00 000"),
            [new LetterSite("3218-0042", "Ås", 23.4m, 70, "ny", ["3218-55/7", "3218-55/9"], map)],
            new LetterSource("Matrikkelen (Kartverket)", new DateOnly(2026, 11, 2), "Berettiget interesse (art. 6 nr. 1 f)."),
            new LetterPerson("Øystein Ås", "Prosjektutvikler", "oystein@fjordbolig.example", "400 00 111"),
            sender);
    }

    public static LetterContent Content(LettersOptions? sender = null) =>
        new(new LetterTemplates(Options.Create(sender ?? Sender()), NullLogger<LetterTemplates>.Instance));

    public static LetterEmailComposer Composer(LettersOptions? sender = null) =>
        new(Content(sender), new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)), NullLogger<LetterEmailComposer>.Instance);
}
