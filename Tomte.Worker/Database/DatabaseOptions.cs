using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Tomte.Worker.Database;

public sealed class DatabaseOptions
{
    public const string Section = "Tomte:Database";
    public const string ConnectionStringKey = Section + ":ConnectionString";

    /// <summary>Npgsql connection string; the password comes from the environment, never from a committed file.</summary>
    public string ConnectionString { get; set; } = "";

    [Range(1, 86_400)]
    public int CommandTimeoutSeconds { get; set; } = 300;

    /// <summary>The connection string with its password masked, for messages and logs.</summary>
    public string Redacted => Redact(ConnectionString);

    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable)";
        }
    }
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{DatabaseOptions.ConnectionStringKey} is empty: set it (or the environment variable Tomte__Database__ConnectionString) to an Npgsql connection string such as 'Host=127.0.0.1;Port=5432;Database=tomte;Username=tomte'.");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    failures.Add($"{DatabaseOptions.ConnectionStringKey} '{options.Redacted}' names no Host.");
                }
                if (string.IsNullOrWhiteSpace(builder.Database))
                {
                    failures.Add($"{DatabaseOptions.ConnectionStringKey} '{options.Redacted}' names no Database.");
                }
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{DatabaseOptions.ConnectionStringKey} is not a valid connection string: {ex.Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
