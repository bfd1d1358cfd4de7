namespace Tomte.Worker.Letters;

/// <summary>The four steps of the outreach sequence, in order (DESIGN.md, Outreach).</summary>
public enum OutreachStep
{
    /// <summary>Day 0: the first letter by post (and by e-mail where lawful).</summary>
    Grunneierbrev1,

    /// <summary>
    /// Day 0: letter 1 as an e-mail with its PDF attached, where e-mail is lawful. A step of its own in the outbox
    /// (its own (owner, step) key, Message-Id and Aktivitet), so the post and the e-mail are each at most once.
    /// </summary>
    Grunneierbrev1Epost,

    /// <summary>Day 3: the follow-up e-mail.</summary>
    Oppfolging,

    /// <summary>Day 14: a phone task for the responsible person.</summary>
    Telefon,

    /// <summary>Day 30: the second letter by post.</summary>
    Grunneierbrev2,
}

/// <summary>The steps' stored text (outreach.outbox.step, Aktivitet "Steg"), names for people, and which templates they have.</summary>
public static class OutreachSteps
{
    /// <summary>The four steps with their own content (templates, preview); letter 1's e-mail copy is made from <see cref="OutreachStep.Grunneierbrev1"/>.</summary>
    public static readonly IReadOnlyList<OutreachStep> All = [OutreachStep.Grunneierbrev1, OutreachStep.Oppfolging, OutreachStep.Telefon, OutreachStep.Grunneierbrev2];

    /// <summary>Every row of an owner's outbox, in order: the four steps and letter 1's e-mail copy.</summary>
    public static readonly IReadOnlyList<OutreachStep> Sequence =
        [OutreachStep.Grunneierbrev1, OutreachStep.Grunneierbrev1Epost, OutreachStep.Oppfolging, OutreachStep.Telefon, OutreachStep.Grunneierbrev2];

    /// <summary>The stored text: <c>grunneierbrev-1</c>, <c>grunneierbrev-1-epost</c>, <c>oppfolging</c>, <c>telefon</c>, <c>grunneierbrev-2</c>; also in Message-Ids and file names.</summary>
    public static string Text(this OutreachStep step) => step switch
    {
        OutreachStep.Grunneierbrev1 => "grunneierbrev-1",
        OutreachStep.Grunneierbrev1Epost => "grunneierbrev-1-epost",
        OutreachStep.Oppfolging => "oppfolging",
        OutreachStep.Telefon => "telefon",
        OutreachStep.Grunneierbrev2 => "grunneierbrev-2",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    /// <summary>The step's name for the team (Airtable, CLI).</summary>
    public static string DisplayName(this OutreachStep step) => step switch
    {
        OutreachStep.Grunneierbrev1 => "Grunneierbrev 1",
        OutreachStep.Grunneierbrev1Epost => "Grunneierbrev 1 (e-post)",
        OutreachStep.Oppfolging => "Oppfølging (e-post)",
        OutreachStep.Telefon => "Telefon",
        OutreachStep.Grunneierbrev2 => "Grunneierbrev 2",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public static bool TryParse(string? text, out OutreachStep step)
    {
        foreach (var candidate in Sequence)
        {
            if (string.Equals(candidate.Text(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                step = candidate;
                return true;
            }
        }
        step = default;
        return false;
    }

    /// <summary>A step with a printed letter (a PDF for the post).</summary>
    public static bool HasLetter(this OutreachStep step) => step is OutreachStep.Grunneierbrev1 or OutreachStep.Grunneierbrev2;

    /// <summary>The step whose templates make this step's content: letter 1's e-mail copy is letter 1's e-mail.</summary>
    public static OutreachStep ContentStep(this OutreachStep step) => step == OutreachStep.Grunneierbrev1Epost ? OutreachStep.Grunneierbrev1 : step;

    /// <summary>A step with an e-mail: the follow-up, and letter 1 where e-mail is lawful.</summary>
    public static bool HasEmail(this OutreachStep step) => step is OutreachStep.Grunneierbrev1 or OutreachStep.Oppfolging;
}
