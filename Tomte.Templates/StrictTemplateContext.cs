using System.Text.Encodings.Web;
using System.Text.Unicode;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace Tomte.Templates;

/// <summary>
/// The context every template renders in: an unknown variable or member is an error (Scriban's StrictVariables and
/// no relaxed member access), so a letter never goes out with a hole where a name or an address should be (the
/// letter model itself never holds null: an absent value has a <c>har_*</c> flag). An HTML template's context also HTML-escapes every value it writes: Scriban has no
/// auto-escaping, but every <c>{{ expression }}</c> reaches <see cref="Write(SourceSpan, object)"/>, while the
/// template's own markup is written through the other overloads and stays as it is.
/// </summary>
internal sealed class StrictTemplateContext : TemplateContext
{
    // Escapes the characters that matter in HTML text and attributes (& < > " ' and the like) but keeps æøå and
    // other letters readable in the source, which WebUtility.HtmlEncode would turn into numeric entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly bool _html;

    public StrictTemplateContext(bool html)
        : base(Builtins())
    {
        _html = html;
        StrictVariables = true;
        EnableRelaxedMemberAccess = false;
        EnableRelaxedTargetAccess = false;
        EnableRelaxedIndexerAccess = false;
        EnableNullIndexer = false;
        // A letter template has no business looping for long; this stops a runaway template.
        LoopLimit = 10_000;
        RecursiveLimit = 20;
    }

    private static ScriptObject Builtins()
    {
        var builtins = GetDefaultBuiltinObject();
        var include = builtins["include"] as IScriptCustomFunction ?? throw new InvalidOperationException("Scriban has no include function");
        builtins.Remove("include");
        builtins.SetValue("include", new RawIncludeFunction(include), readOnly: true);
        return builtins;
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is RenderedInclude included)
        {
            return Write(included.Text);
        }
        var text = textAsObject is null ? "" : ObjectToString(textAsObject) ?? "";
        return Write(_html ? Encoder.Encode(text) : text);
    }
}
