using Microsoft.Extensions.DependencyInjection;

namespace Tomte.Worker.Doctor;

public static class DoctorServiceCollectionExtensions
{
    public static IServiceCollection AddTomteDoctor(this IServiceCollection services)
    {
        services.AddSingleton<DoctorRunner>();
        services.AddDoctorCheck<ConfigurationCheck>();
        services.AddDoctorCheck<DatabaseCheck>();
        services.AddDoctorCheck<PostGisCheck>();
        services.AddDoctorCheck<MigrationsCheck>();
        services.AddDoctorCheck<OutputFolderCheck>();
        return services;
    }

    public static IServiceCollection AddDoctorCheck<T>(this IServiceCollection services)
        where T : class, IDoctorCheck
    {
        services.AddTransient<T>();
        services.AddSingleton(new DoctorCheckRegistration(typeof(T)));
        return services;
    }
}
