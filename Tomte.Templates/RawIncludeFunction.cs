using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Tomte.Templates;

/// <summary>
/// Scriban's <c>include</c>, whose result is the included template's own output: its values were escaped as that
/// template wrote them, so the HTML context must write the result as it is rather than escape it a second time.
/// </summary>
internal sealed class RawIncludeFunction(IScriptCustomFunction include) : IScriptCustomFunction
{
    public int RequiredParameterCount => include.RequiredParameterCount;

    public int ParameterCount => include.ParameterCount;

    public ScriptVarParamKind VarParamKind => include.VarParamKind;

    public Type ReturnType => typeof(RenderedInclude);

    public ScriptParameterInfo GetParameterInfo(int index) => include.GetParameterInfo(index);

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new RenderedInclude(Convert.ToString(include.Invoke(context, callerContext, arguments, blockStatement), System.Globalization.CultureInfo.InvariantCulture) ?? "");

    public async ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        new RenderedInclude(Convert.ToString(await include.InvokeAsync(context, callerContext, arguments, blockStatement), System.Globalization.CultureInfo.InvariantCulture) ?? "");
}

/// <summary>The output of an included template: already in its final form.</summary>
internal sealed record RenderedInclude(string Text)
{
    public override string ToString() => Text;
}
