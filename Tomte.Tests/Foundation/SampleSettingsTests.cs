using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Tomte.Tests.Infrastructure;
using Tomte.Worker.Hosting;

namespace Tomte.Tests.Foundation;

/// <summary>appsettings.sample.json is the operator's reference: it must load and list every setting there is.</summary>
public sealed class SampleSettingsTests
{
    private static IConfigurationRoot Sample() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepositoryRoot.Path, "appsettings.sample.json"), optional: false)
        .Build();

    public static TheoryData<string> OptionsKeys()
    {
        var data = new TheoryData<string>();
        var optionsTypes = typeof(TomteHost).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string))
            .Where(x => x.Section is not null);
        foreach (var (type, section) in optionsTypes)
        {
            foreach (var key in Keys(type, section!))
            {
                data.Add(key);
            }
        }
        return data;
    }

    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                foreach (var nested in Keys(propertyType, key))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    [Theory]
    [MemberData(nameof(OptionsKeys))]
    public void Every_setting_is_listed_in_the_sample(string key)
    {
        // Walk the JSON itself: the configuration system drops empty objects such as "Endpoints": {}.
        using var sample = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(RepositoryRoot.Path, "appsettings.sample.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var element = sample.RootElement;
        foreach (var part in key.Split(':'))
        {
            var match = element.ValueKind == JsonValueKind.Object
                ? element.EnumerateObject().Where(p => string.Equals(p.Name, part, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
                : null;
            Assert.True(match.HasValue, $"appsettings.sample.json does not list {key}");
            element = match.Value;
        }
    }

    [Fact]
    public void The_sample_holds_no_secret()
    {
        var secrets = Sample().AsEnumerable()
            .Where(kv => kv.Key.EndsWith("Token", StringComparison.OrdinalIgnoreCase) || kv.Key.EndsWith("Password", StringComparison.OrdinalIgnoreCase))
            .Where(kv => !string.IsNullOrEmpty(kv.Value))
            .Select(kv => kv.Key)
            .ToArray();

        Assert.Empty(secrets);
    }
}
