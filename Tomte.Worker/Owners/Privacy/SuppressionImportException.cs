namespace Tomte.Worker.Owners.Privacy;

/// <summary>A bad wash or opt-out file: the message names the file, the rows and the columns; nothing was imported.</summary>
public sealed class SuppressionImportException : Exception
{
    /// <summary>At most this many row errors are listed in the message; the count says how many there were.</summary>
    public const int ErrorsListed = 20;

    public SuppressionImportException(string message, IReadOnlyList<string>? rowErrors = null) : base(message) => RowErrors = rowErrors ?? [];

    public SuppressionImportException() => RowErrors = [];

    public SuppressionImportException(string message, Exception innerException) : base(message, innerException) => RowErrors = [];

    public IReadOnlyList<string> RowErrors { get; }

    public static SuppressionImportException ForRows(string fileName, IReadOnlyList<string> errors)
    {
        var listed = string.Join("; ", errors.Take(ErrorsListed)) + (errors.Count > ErrorsListed ? $"; og {errors.Count - ErrorsListed} til" : "");
        return new SuppressionImportException($"{fileName}: {errors.Count} ugyldige rader, ingenting er importert: {listed}", errors);
    }
}
