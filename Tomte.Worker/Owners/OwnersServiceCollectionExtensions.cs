using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tomte.Worker.Doctor;
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
        services.AddTransient<Privacy.OwnerEraser>();
        services.AddTransient<Privacy.GdprService>();
        services.AddTransient<Privacy.OwnerRetention>();
        services.AddSingleton<Privacy.ContactPermissions>();
        services.AddSingleton<Privacy.WashStore>();
        services.AddTransient<Privacy.SuppressionImporter>();
        services.AddTransient<Privacy.WashListExporter>();
        services.AddDoctorCheck<Privacy.WashDoctorCheck>();
        return services;
    }
}
