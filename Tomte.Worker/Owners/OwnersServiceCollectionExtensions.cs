using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Owners;

public static class OwnersServiceCollectionExtensions
{
    /// <summary>Parcels under the sites, the owner model and its providers (import file, Matrikkel), Enhetsregisteret enrichment.</summary>
    public static IServiceCollection AddTomteOwners(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<OwnersOptions, OwnersOptionsValidator>(configuration, OwnersOptions.Section);
        services.AddSingleton<ParcelOverlay>();
        services.AddSingleton<OwnerStore>();
        services.AddSingleton<Import.OwnerImporter>();
        services.AddSingleton<OwnerReport>();
        services.AddSingleton<OwnerLookup>();
        services.AddHttpClient<Matrikkel.MatrikkelClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddTransient<Matrikkel.MatrikkelOwnerProvider>();
        services.AddHttpClient<Brreg.BrregClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddTransient<Brreg.EnhetEnrichment>();
        services.AddTransient<AirtableTeamOwners>();
        services.AddTransient<Privacy.GdprService>();
        services.AddSingleton<Privacy.ContactPermissions>();
        services.AddSingleton<Privacy.WashStore>();
        return services;
    }
}
