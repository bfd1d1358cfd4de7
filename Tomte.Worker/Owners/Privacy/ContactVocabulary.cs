namespace Tomte.Worker.Owners.Privacy;

/// <summary>How an owner is contacted; stored as the text of <see cref="ContactVocabulary"/> (outreach.outbox.channel).</summary>
public enum ContactChannel
{
    Post,
    Epost,
    Telefon,
}

/// <summary>Why an owner may not be contacted on a channel now. Checked in this order; the first that holds is given.</summary>
public enum ContactBlock
{
    /// <summary>No owner with that id: never stored, or erased (gdpr forget or retention) since.</summary>
    UkjentEier,

    /// <summary>The owner's salted key is on the erasure list (gdpr forget).</summary>
    Slettet,

    /// <summary>The owner asked not to be contacted (an opt-out on the owner, every channel).</summary>
    Avmeldt,

    /// <summary>The owner's newest Reservasjonsregisteret wash found them reserved (every channel).</summary>
    Reservert,

    /// <summary>Enhetsregisteret flags the organisation bankrupt, under liquidation, deleted or unknown.</summary>
    OrganisasjonFlagget,

    /// <summary>The e-mail address is on the suppression list (e-mail only).</summary>
    EpostSperret,

    /// <summary>The phone number is on the suppression list (phone only).</summary>
    TelefonSperret,

    /// <summary>Post to a person: no Reservasjonsregisteret wash, or the newest one is older than the maximum age.</summary>
    VenterPaVask,
}

/// <summary>The answer to "may this owner be contacted on this channel now?".</summary>
/// <param name="Reason">Null when allowed.</param>
/// <param name="Text">Norwegian, for the team (outbox reason, Airtable); never personal data.</param>
public sealed record ContactPermission(ContactBlock? Reason, string? Text)
{
    public static readonly ContactPermission Allowed = new(null, null);

    public bool IsAllowed => Reason is null;

    public static ContactPermission Blocked(ContactBlock reason, string text) => new(reason, text);
}

/// <summary>An opt-out to record: at least one of owner, e-mail and phone; <paramref name="Source"/> says where it came from.</summary>
public sealed record OptOut(string? EierId, string? Epost, string? Telefon, string Source);

public static class ContactVocabulary
{
    public static string Text(this ContactChannel channel) => channel switch
    {
        ContactChannel.Post => "post",
        ContactChannel.Epost => "epost",
        ContactChannel.Telefon => "telefon",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };

    public static ContactChannel ParseChannel(string text) => text switch
    {
        "post" => ContactChannel.Post,
        "epost" => ContactChannel.Epost,
        "telefon" => ContactChannel.Telefon,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "a contact channel is post, epost or telefon"),
    };

    /// <summary>The database text of a suppression reason (outreach.suppression.reason).</summary>
    public const string OptOutReason = "opt_out";

    public const string ReservedReason = "reservert";

    public const string ErasedReason = "gdpr_sletting";
}
