using Npgsql;
using Tomte.Worker.Database;

namespace Tomte.Tests.Infrastructure;

/// <summary>
/// A fresh, empty PostGIS database on the real server that deploy/with-postgis.sh started (or the one
/// Tomte__Database__ConnectionString points at), dropped again when the test class is done.
/// </summary>
public sealed class PostgisDatabase : IAsyncLifetime
{
    public const string ServerVariable = "Tomte__Database__ConnectionString";

    private NpgsqlDataSource? _dataSource;

    public string Name { get; } = "tomte_test_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: run the tests through deploy/with-postgis.sh (see README), which starts a throwaway PostGIS.");

    public async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false };
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = Name };
        ConnectionString = builder.ConnectionString;
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(ConnectionString);
        dataSourceBuilder.UseNetTopologySuite();
        _dataSource = dataSourceBuilder.Build();
        await using var extension = _dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS postgis");
        await extension.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false };
        await using var admin = new NpgsqlConnection(server.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Applies Tomte's migrations to this database.</summary>
    public async Task<Migrator.Result> MigrateAsync()
    {
        using var host = TestHost.Build(this);
        return await TestHost.Get<Migrator>(host).MigrateAsync(CancellationToken.None);
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)value;
    }
}
