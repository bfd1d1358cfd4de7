using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Hosting;

/// <summary>
/// The one way a step registers its settings: bind the <c>Tomte:Xyz</c> section, validate (DataAnnotations on the
/// properties, plus the step's own <see cref="IValidateOptions{TOptions}"/> for rules across keys), and validate at
/// start, so a bad value stops the program before any work with a message naming the full key and the value.
/// </summary>
public static class OptionsRegistration
{
    /// <summary>Settings whose rules all fit DataAnnotations attributes.</summary>
    public static OptionsBuilder<TOptions> AddTomteOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new KeyedDataAnnotationsValidator<TOptions>(section));
        return services.AddOptionsWithValidateOnStart<TOptions>().Bind(configuration.GetSection(section));
    }

    /// <summary>Settings with rules of their own in <typeparamref name="TValidator"/> (messages name the full key and value).</summary>
    public static OptionsBuilder<TOptions> AddTomteOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddTomteOptions<TOptions>(configuration, section);
    }
}

/// <summary>
/// Runs the DataAnnotations attributes on an options class's properties and words each failure with the full
/// configuration key and the value found, e.g. "Tomte:Database:CommandTimeoutSeconds is 0; it must be between 1 and 86400."
/// (the framework's own validator says only "The field CommandTimeoutSeconds must be ...").
/// </summary>
internal sealed class KeyedDataAnnotationsValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    private static readonly (PropertyInfo Property, ValidationAttribute[] Rules)[] Annotated =
        typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, p.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray()))
            .Where(p => p.Item2.Length > 0)
            .ToArray();

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = new List<string>();
        foreach (var (property, rules) in Annotated)
        {
            var value = property.GetValue(options);
            var key = $"{section}:{property.Name}";
            foreach (var rule in rules)
            {
                if (!rule.IsValid(value))
                {
                    failures.Add(Describe(rule, key, value));
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Describe(ValidationAttribute rule, string key, object? value) => rule switch
    {
        RequiredAttribute => $"{key} is empty: set it.",
        RangeAttribute range => string.Create(CultureInfo.InvariantCulture, $"{key} is {value}; it must be between {range.Minimum} and {range.Maximum}."),
        _ => string.Create(CultureInfo.InvariantCulture, $"{key} '{value}' is not valid: {rule.FormatErrorMessage(key)}"),
    };
}
