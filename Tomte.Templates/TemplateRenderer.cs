using System.Collections.Concurrent;
using System.Reflection;
using Scriban;
using Scriban.Runtime;

namespace Tomte.Templates;

/// <summary>
/// Renders the Scriban templates embedded in this assembly (letters, e-mails, phone scripts).
/// A template that does not parse, or that uses a name the model lacks, is an error, never blank text.
/// </summary>
public sealed class TemplateRenderer
{
    private readonly ConcurrentDictionary<string, Template> _cache = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = typeof(TemplateRenderer).Assembly
        .GetManifestResourceNames()
        .Where(n => n.EndsWith(".sbn", StringComparison.Ordinal))
        .Select(ToName)
        .Order(StringComparer.Ordinal)
        .ToArray();

    public string Render(string name, object model)
    {
        var template = _cache.GetOrAdd(name, Load);
        var globals = new ScriptObject();
        globals.Import(model, renamer: member => member.Name);
        var context = new TemplateContext { StrictVariables = true, MemberRenamer = member => member.Name };
        context.PushGlobal(globals);
        return template.Render(context);
    }

    private static Template Load(string name)
    {
        var resource = typeof(TemplateRenderer).Assembly.GetManifestResourceNames()
            .FirstOrDefault(n => ToName(n) == name)
            ?? throw new ArgumentException($"No template named '{name}'. Known: {string.Join(", ", Names)}", nameof(name));
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"Template '{name}' does not parse: {string.Join("; ", template.Messages)}");
        }
        return template;
    }

    // "Tomte.Templates.Letters.grunneierbrev-1.sbn" -> "Letters/grunneierbrev-1"
    private static string ToName(string resource)
    {
        var trimmed = resource["Tomte.Templates.".Length..^".sbn".Length];
        var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? trimmed : trimmed[..dot] + "/" + trimmed[(dot + 1)..];
    }
}
