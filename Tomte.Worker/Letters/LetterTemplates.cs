using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tomte.Templates;

namespace Tomte.Worker.Letters;

/// <summary>
/// The process's one <see cref="TemplateSet"/>: the bundled templates with <c>Tomte:Letters:TemplateFolder</c>'s files in
/// their place, parsed on first use (the options validator has already parsed and test-rendered the folder at start).
/// </summary>
public sealed class LetterTemplates(IOptions<LettersOptions> options, ILogger<LetterTemplates> logger)
{
    private readonly Lazy<TemplateSet> _set = new(() =>
    {
        var folder = string.IsNullOrWhiteSpace(options.Value.TemplateFolder) ? null : options.Value.TemplateFolder;
        var set = TemplateSet.Load(folder);
        logger.TemplatesLoaded(TemplateNames.All.Count, set.Overridden.Count, folder ?? "(none)");
        return set;
    });

    public TemplateSet Set => _set.Value;
}
