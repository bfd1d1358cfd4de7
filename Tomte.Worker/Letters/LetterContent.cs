using Tomte.Templates;

namespace Tomte.Worker.Letters;

/// <summary>An e-mail's rendered parts: subject, HTML body and its plain-text alternative.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);

/// <summary>Renders a <see cref="LetterModel"/> through the templates: the letter's HTML for print, the e-mail parts, the phone script.</summary>
public sealed class LetterContent(LetterTemplates templates)
{
    /// <summary>The printed letter of a post step (grunneierbrev 1 or 2) as print HTML, ready for the PDF renderer.</summary>
    public string LetterHtml(LetterModel model) => Render(templates.Set, model, model.Step switch
    {
        OutreachStep.Grunneierbrev1 => TemplateNames.Grunneierbrev1,
        OutreachStep.Grunneierbrev2 => TemplateNames.Grunneierbrev2,
        _ => throw new ArgumentException($"step {model.Step.Text()} has no printed letter", nameof(model)),
    });

    /// <summary>The e-mail of an e-mail step (grunneierbrev 1 by e-mail, oppfølging).</summary>
    public EmailContent Email(LetterModel model) => Email(templates.Set, model);

    /// <summary>The phone script of the telefon step (plain text for the Aktivitet).</summary>
    public string PhoneScript(LetterModel model) => Render(templates.Set, model, TemplateNames.Telefonmanus);

    internal static EmailContent Email(TemplateSet set, LetterModel model)
    {
        var (subject, html, text) = EmailTemplates(model.Step);
        // A subject is one line: template line breaks and runs of spaces would fold badly in a header.
        var subjectLine = string.Join(' ', Render(set, model, subject).Split((char[])['\r', '\n', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return new EmailContent(subjectLine, Render(set, model, html), Render(set, model, text));
    }

    private static (string Subject, string Html, string Text) EmailTemplates(OutreachStep step) => step switch
    {
        OutreachStep.Grunneierbrev1 => (TemplateNames.Grunneierbrev1EpostEmne, TemplateNames.Grunneierbrev1EpostHtml, TemplateNames.Grunneierbrev1EpostTekst),
        OutreachStep.Oppfolging => (TemplateNames.OppfolgingEpostEmne, TemplateNames.OppfolgingEpostHtml, TemplateNames.OppfolgingEpostTekst),
        _ => throw new ArgumentException($"step {step.Text()} has no e-mail", nameof(step)),
    };

    /// <summary>Every template of every step rendered once with <paramref name="model"/>: what a start-up or <c>letters check</c> test-render does.</summary>
    internal static IReadOnlyList<TemplateError> TryRenderAll(TemplateSet set, LetterModel sample)
    {
        var errors = new List<TemplateError>();
        foreach (var step in OutreachSteps.All)
        {
            var model = sample with { Step = step };
            void Try(Action render)
            {
                try
                {
                    render();
                }
                catch (TemplateException e)
                {
                    errors.AddRange(e.Errors.Where(error => !errors.Contains(error)));
                }
            }
            if (step.HasLetter())
            {
                Try(() => Render(set, model, step == OutreachStep.Grunneierbrev1 ? TemplateNames.Grunneierbrev1 : TemplateNames.Grunneierbrev2));
            }
            if (step.HasEmail())
            {
                var (subject, html, text) = EmailTemplates(step);
                Try(() => Render(set, model, subject));
                Try(() => Render(set, model, html));
                Try(() => Render(set, model, text));
            }
            if (step == OutreachStep.Telefon)
            {
                Try(() => Render(set, model, TemplateNames.Telefonmanus));
            }
        }
        return errors;
    }

    private static string Render(TemplateSet set, LetterModel model, string name) => set.Render(name, LetterVariables.For(model));
}
