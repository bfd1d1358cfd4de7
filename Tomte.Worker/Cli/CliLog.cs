using Microsoft.Extensions.Logging;

namespace Tomte.Worker.Cli;

/// <summary>Log messages of the command line itself (event id 1101 (foundation range)).</summary>
internal static partial class CliLog
{
    // The verb prints the message as its last line on stderr; the log keeps the exception whole, stack trace included.
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "tomte {Verb} failed")]
    public static partial void CommandFailed(this ILogger logger, string verb, Exception exception);
}
