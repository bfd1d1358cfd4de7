using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Tomte.Worker.Ingest;

namespace Tomte.Worker.Cli;

/// <summary>
/// Log lines on the terminal of a verb a person runs: one line per event, and an exception only by its type,
/// because the verb's last line on stderr says what went wrong. The events still carry the whole exception for
/// every other sink; <c>Logging__Console__FormatterName=simple</c> prints the stack traces here too. The service
/// (<c>tomte run</c>, whose console is the journal) keeps the simple formatter and its stack traces.
/// </summary>
internal sealed class CliConsoleFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "tomte-cli";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }
        textWriter.Write(time.GetLocalNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
        textWriter.Write("] ");
        textWriter.Write(message.ReplaceLineEndings(" "));
        if (logEntry.Exception is { } exception)
        {
            // Bad input is all in its message; anything else may be a bug, whose stack trace someone will want.
            textWriter.Write(IsBadInput(exception)
                ? $" ({exception.GetType().Name})"
                : $" ({exception.GetType().Name}; stack trace with Logging__Console__FormatterName=simple)");
        }
        textWriter.WriteLine();
    }

    /// <summary>An error in what the person gave (a file, a dataset or kommune name): its message says everything.</summary>
    public static bool IsBadInput(Exception exception) =>
        exception is SourceFormatException { Status: null } or UnknownDatasetException or UnknownKommuneException or FileNotFoundException
            or Owners.Import.OwnerImportException or Owners.OwnerLookupException or Owners.Privacy.UnknownOwnerException
            or Letters.LetterInputException or Tomte.Templates.TemplateException;

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };
}
