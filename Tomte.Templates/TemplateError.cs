namespace Tomte.Templates;

/// <summary>One problem in one template file, where an operator can find it: 1-based line and column.</summary>
public sealed record TemplateError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Templates that cannot be used; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class TemplateException(IReadOnlyList<TemplateError> errors)
    : Exception(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} template errors: " + string.Join("; ", errors))
{
    public IReadOnlyList<TemplateError> Errors { get; } = errors;
}
