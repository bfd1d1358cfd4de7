using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Tomte.Worker.Hosting;

namespace Tomte.Worker.Database;

public static class DatabaseServiceCollectionExtensions
{
    public static IServiceCollection AddTomteDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTomteOptions<DatabaseOptions, DatabaseOptionsValidator>(configuration, DatabaseOptions.Section);

        // One data source for the process; NetTopologySuite maps PostGIS geometry to NTS types.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
            builder.ConnectionStringBuilder.CommandTimeout = options.CommandTimeoutSeconds;
            builder.ConnectionStringBuilder.ApplicationName ??= "tomte";
            builder.UseNetTopologySuite();
            builder.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<Migrator>();
        return services;
    }
}
