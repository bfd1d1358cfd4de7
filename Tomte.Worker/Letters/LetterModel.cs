using Tomte.Worker.Owners;

namespace Tomte.Worker.Letters;

/// <summary>
/// Everything one letter, e-mail or phone script for one owner and one step says, read from the database
/// (<see cref="LetterModelStore"/>) and turned into template variables by <see cref="LetterVariables"/>.
/// </summary>
public sealed record LetterModel(
    OutreachStep Step,
    DateOnly Date,
    LetterOwner Owner,
    IReadOnlyList<LetterSite> Sites,
    LetterSource Source,
    LetterPerson Responsible,
    LettersOptions Sender);

/// <summary>The owner as the letter addresses them; <see cref="AddressLines"/> are the envelope window's lines, none blank.</summary>
public sealed record LetterOwner(string EierId, string Navn, OwnerKind Type, IReadOnlyList<string> AddressLines, string? Epost, string? Telefon);

/// <summary>A current site the owner's land is part of, with the owner's matrikkelenheter on it and its map (PNG) if drawn.</summary>
public sealed record LetterSite(
    string TomteId,
    string Kommune,
    decimal ArealDaa,
    int? EstBoliger,
    string? Endring,
    IReadOnlyList<string> Matrikkelnumre,
    byte[]? MapPng);

/// <summary>Where the owner's data came from (owners.grunneier kilde, hentet_dato, rettslig_grunnlag).</summary>
public sealed record LetterSource(string Kilde, DateOnly HentetDato, string RettsligGrunnlag);

/// <summary>Who signs and answers: the owner's "Ansvarlig" from Airtable, or the configured contact person.</summary>
public sealed record LetterPerson(string Name, string Title, string Email, string Phone);
