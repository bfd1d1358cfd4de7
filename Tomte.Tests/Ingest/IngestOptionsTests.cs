using Microsoft.Extensions.Options;
using Tomte.Worker.Hosting;

using static Tomte.Tests.Infrastructure.SettingsValidation;

namespace Tomte.Tests.Ingest;

public sealed class IngestOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Null(Validate([]));
    }

    [Fact]
    public void Bad_ingest_settings_are_named_by_key_and_value()
    {
        var error = Validate(new()
        {
            ["Tomte:Ingest:Kommuner:0"] = "3218",
            ["Tomte:Ingest:Kommuner:1"] = "9999",
            ["Tomte:Ingest:SliverMinAreaSquareMetres"] = "-1",
            ["Tomte:Ingest:Datasets:rp-planomrade:Kind"] = "wms",
            ["Tomte:Ingest:Datasets:teig:TypeName"] = "",
            ["Tomte:Ingest:Datasets:reguleringsplan:Endpoint"] = "Nap",
        });

        Assert.NotNull(error);
        var failures = string.Join("\n", error.Failures);
        Assert.Contains("Tomte:Ingest:Kommuner:1 '9999' is not a kommunenummer", failures, StringComparison.Ordinal);
        Assert.Contains("Tomte:Ingest:SliverMinAreaSquareMetres is -1", failures, StringComparison.Ordinal);
        Assert.Contains("Tomte:Ingest:Datasets:rp-planomrade:Kind 'wms' must be 'ogcapi', 'wfs', 'nvdb' or 'download'.", failures, StringComparison.Ordinal);
        Assert.Contains("Tomte:Ingest:Datasets:teig:TypeName is empty", failures, StringComparison.Ordinal);
        Assert.Contains("Tomte:Ingest:Datasets:reguleringsplan: 'reguleringsplan' is not a dataset", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("'3218'", failures, StringComparison.Ordinal);
    }
}
