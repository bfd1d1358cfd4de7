using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Tomte.Templates;

/// <summary>
/// Every template parsed once: the bundled ones, each replaced by a file of the same name in the operator's override
/// folder when there is one (no rebuild needed). Loading reports every parse error of every file at once; rendering
/// is strict (see <see cref="StrictTemplateContext"/>) and a render error names the file, line and column too.
/// A loaded set is immutable and may render from many threads at once.
/// </summary>
public sealed class TemplateSet
{
    private readonly Dictionary<string, Template> _templates;

    private TemplateSet(Dictionary<string, Template> templates, IReadOnlyDictionary<string, string> overridden)
    {
        _templates = templates;
        Overridden = overridden;
    }

    /// <summary>The templates taken from the override folder: name → file path.</summary>
    public IReadOnlyDictionary<string, string> Overridden { get; }

    /// <summary>The bundled templates, with the override folder's files in their place when it is given.</summary>
    /// <exception cref="TemplateException">Every parse error of every file, and every file in the folder that is no template.</exception>
    public static TemplateSet Load(string? overrideFolder)
    {
        var errors = new List<TemplateError>();
        var overrides = overrideFolder is null ? new Dictionary<string, string>() : OverrideFiles(overrideFolder, errors);
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var name in TemplateNames.All)
        {
            var (text, path) = overrides.TryGetValue(name, out var file)
                ? (File.ReadAllText(file), file)
                : (Bundled(name), name + TemplateNames.Extension);
            templates[name] = Parse(text, path, errors);
        }
        if (errors.Count > 0)
        {
            throw new TemplateException(errors);
        }
        return new TemplateSet(templates, overrides);
    }

    /// <summary>
    /// What is wrong with an override folder: files that are no template Tomte knows (they would be ignored) and
    /// every parse error. Empty when the folder is fine. Rendering problems (an unknown variable) show only on
    /// rendering; <c>tomte letters check</c> therefore also renders each template with a sample letter.
    /// </summary>
    public static IReadOnlyList<TemplateError> Check(string overrideFolder)
    {
        var errors = new List<TemplateError>();
        foreach (var (_, file) in OverrideFiles(overrideFolder, errors))
        {
            Parse(File.ReadAllText(file), file, errors);
        }
        return errors;
    }

    /// <summary>Renders one template with the given variables (see the Letters model for the names).</summary>
    /// <exception cref="TemplateException">A variable or member the model lacks, a null written, or any other runtime error, at its file:line:column.</exception>
    public string Render(string name, ScriptObject model)
    {
        if (!_templates.TryGetValue(name, out var template) || name.StartsWith('_'))
        {
            throw new ArgumentException($"'{name}' is not a template that can be rendered on its own", nameof(name));
        }
        var context = new StrictTemplateContext(TemplateNames.IsHtml(name)) { TemplateLoader = new Includes(this) };
        foreach (var (included, parsed) in _templates)
        {
            // Includes are already parsed; Scriban looks them up here before asking the loader.
            context.CachedTemplates[included] = parsed;
        }
        context.PushGlobal(model);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            throw new TemplateException([ErrorAt(e.Span, e.OriginalMessage)]);
        }
    }

    private static Dictionary<string, string> OverrideFiles(string folder, List<TemplateError> errors)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"template folder '{folder}' does not exist");
        }
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(file);
            var name = fileName.EndsWith(TemplateNames.Extension, StringComparison.Ordinal) ? fileName[..^TemplateNames.Extension.Length] : null;
            if (name is null || !TemplateNames.All.Contains(name))
            {
                errors.Add(new TemplateError(file, 1, 1,
                    $"'{fileName}' is no template Tomte knows and would be ignored; the names are: {string.Join(", ", TemplateNames.All.Select(n => n + TemplateNames.Extension))}"));
                continue;
            }
            files[name] = file;
        }
        return files;
    }

    private static Template Parse(string text, string path, List<TemplateError> errors)
    {
        var template = Template.Parse(text, path);
        foreach (var message in template.Messages)
        {
            if (message.Type == ParserMessageType.Error)
            {
                errors.Add(ErrorAt(message.Span, message.Message));
            }
        }
        return template;
    }

    private static TemplateError ErrorAt(SourceSpan span, string message) =>
        new(span.FileName ?? "?", span.Start.Line + 1, span.Start.Column + 1, message);

    private static string Bundled(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Tomte.Templates.Bundled.{name}{TemplateNames.Extension}")
            ?? throw new InvalidOperationException($"bundled template {name}{TemplateNames.Extension} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Resolves <c>include 'name'</c> to one of the set's names; an unknown name fails at its line.</summary>
    private sealed class Includes(TemplateSet set) : ITemplateLoader
    {
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
            set._templates.ContainsKey(templateName)
                ? templateName
                : throw new ScriptRuntimeException(callerSpan, $"include '{templateName}': no such template; the names are: {string.Join(", ", TemplateNames.All)}");

        // Never reached for a known name (its parsed template is in CachedTemplates); kept for the interface.
        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            throw new ScriptRuntimeException(callerSpan, $"include '{templatePath}' was not parsed at start-up");

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
    }
}
