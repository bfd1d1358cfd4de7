using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Hosting;

/// <summary>Where files meant for people go (demo output, exports, letters).</summary>
public sealed class OutputOptions
{
    public const string Section = "Tomte:Output";

    public string Directory { get; set; } = "out";

    public string ResolvedDirectory => Path.GetFullPath(Directory);
}

internal sealed class OutputOptionsValidator : IValidateOptions<OutputOptions>
{
    public ValidateOptionsResult Validate(string? name, OutputOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            return ValidateOptionsResult.Fail($"{OutputOptions.Section}:Directory is empty: set it to a folder Tomte may write to.");
        }
        if (options.Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail($"{OutputOptions.Section}:Directory '{options.Directory}' is not a valid path.");
        }
        return ValidateOptionsResult.Success;
    }
}

public static class OutputServiceCollectionExtensions
{
    public static IServiceCollection AddTomteOutput(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<OutputOptions, OutputOptionsValidator>(configuration, OutputOptions.Section);
        return services;
    }
}
