using Microsoft.Extensions.Options;
using Tomte.Worker.Hosting;

namespace Tomte.Tests.Infrastructure;

/// <summary>Builds a one-shot host with the given settings and runs the start-up validation of every options class.</summary>
public static class SettingsValidation
{
    /// <returns>The validation failure, or null when every setting is valid (then <paramref name="inspect"/> has seen the host).</returns>
    public static OptionsValidationException? Validate(Dictionary<string, string?> settings, Action<IServiceProvider>? inspect = null)
    {
        settings["Tomte:Database:ConnectionString"] = "Host=127.0.0.1;Database=tomte;Username=tomte";
        using var host = TomteHost.CreateBuilder([], isService: false, settings).Build();
        try
        {
            TomteHost.ValidateOptions(host.Services);
            inspect?.Invoke(host.Services);
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }
}
