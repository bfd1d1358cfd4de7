using Tomte.Templates;

namespace Tomte.Worker.Letters;

/// <summary><c>tomte letters check</c>: an override folder's unknown files, parse errors, and errors filling in a sample letter.</summary>
public static class LetterTemplateCheck
{
    public sealed record Result(IReadOnlyList<string> Overridden, IReadOnlyList<TemplateError> Errors);

    /// <param name="folder">The override folder, or null for the bundled templates alone.</param>
    public static Result Run(string? folder, LettersOptions options)
    {
        if (folder is not null && !Directory.Exists(folder))
        {
            return new Result([], [new TemplateError(folder, 1, 1, "the folder does not exist")]);
        }
        var overridden = folder is null ? [] : Directory.EnumerateFiles(folder, "*" + TemplateNames.Extension).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        if (folder is not null)
        {
            var parseErrors = TemplateSet.Check(folder);
            if (parseErrors.Count > 0)
            {
                return new Result(overridden, parseErrors);
            }
        }
        return new Result(overridden, LetterContent.TryRenderAll(TemplateSet.Load(folder), SampleLetter.For(options)));
    }
}
