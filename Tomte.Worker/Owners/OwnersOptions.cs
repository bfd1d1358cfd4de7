using System.Globalization;
using Microsoft.Extensions.Options;

namespace Tomte.Worker.Owners;

/// <summary>Where <c>tomte owners lookup</c> gets owners from. Import files and Airtable always work besides it.</summary>
public enum OwnerProvider
{
    /// <summary>No register lookup: owners come from <c>tomte owners import</c> and from Airtable.</summary>
    Ingen,

    /// <summary>Kartverket's Matrikkel API (SOAP), which needs an agreement and a legal basis.</summary>
    Matrikkel,
}

/// <summary>Settings under <c>Tomte:Owners</c>: the parcel overlay's sliver rule, the owner provider and the legal basis.</summary>
public sealed class OwnersOptions
{
    public const string Section = "Tomte:Owners";

    /// <summary>A parcel under both this share of a site and <see cref="SliverAreaM2"/> is a sliver and ignored.</summary>
    public double SliverShare { get; set; } = 0.01;

    /// <summary>See <see cref="SliverShare"/> (m²).</summary>
    public double SliverAreaM2 { get; set; } = 50;

    public OwnerProvider Provider { get; set; } = OwnerProvider.Ingen;

    /// <summary>
    /// The legal basis recorded with every owner Tomte stores, e.g. the utleveringsforskriften ground the
    /// Matrikkel agreement names. Required: an owner is not stored without one.
    /// </summary>
    public string LegalBasis { get; set; } = "";

    public MatrikkelOptions Matrikkel { get; set; } = new();

    public BrregOptions Brreg { get; set; } = new();

    public PrivacyOptions Privacy { get; set; } = new();
}

/// <summary>Suppression and retention (<c>Tomte:Owners:Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    /// <summary>Post to a person waits until their newest Reservasjonsregisteret wash is at most this many days old.</summary>
    public int WashMaxAgeDays { get; set; } = 30;

    /// <summary>
    /// An owner whose sites are all borte or regulert, and who is not in dialogue, is erased this many days after
    /// the last of those sites went (<c>tomte gdpr retention</c> and the retention job).
    /// </summary>
    public int RetentionDays { get; set; } = 180;
}

/// <summary>Kartverket's Matrikkel API (<c>Tomte:Owners:Matrikkel</c>); Basic auth, test and production endpoints.</summary>
public sealed class MatrikkelOptions
{
    /// <summary>The service root, e.g. https://prodtest.matrikkel.no/matrikkelapi/wsapi/v1 (test) or https://www.matrikkel.no/matrikkelapi/wsapi/v1.</summary>
    public string BaseUrl { get; set; } = "https://prodtest.matrikkel.no/matrikkelapi/wsapi/v1";

    public string Username { get; set; } = "";

    /// <summary>From the environment (Tomte__Owners__Matrikkel__Password), never a committed file.</summary>
    public string Password { get; set; } = "";

    /// <summary>Ids per StoreService getObjects call and idents per findMatrikkelenhetIdsForIdents call.</summary>
    public int BatchSize { get; set; } = 100;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests in flight at once.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>matrikkelContext/klientIdentifikasjon: who is asking, as agreed with Kartverket.</summary>
    public string KlientIdentifikasjon { get; set; } = "tomte";

    /// <summary>matrikkelContext/systemVersion (a wrong one gives only a generic FinderException).</summary>
    public string SystemVersion { get; set; } = "trunk";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Username) && !string.IsNullOrWhiteSpace(Password);
}

/// <summary>Brønnøysundregistrene's open Enhetsregisteret API (<c>Tomte:Owners:Brreg</c>).</summary>
public sealed class BrregOptions
{
    public string BaseUrl { get; set; } = "https://data.brreg.no/enhetsregisteret/api";

    /// <summary>A cached answer younger than this is used without asking again.</summary>
    public int CacheDays { get; set; } = 30;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class OwnersOptionsValidator : IValidateOptions<OwnersOptions>
{
    public ValidateOptionsResult Validate(string? name, OwnersOptions options)
    {
        const string section = OwnersOptions.Section;
        var failures = new List<string>();
        if (!(options.SliverShare is >= 0 and < 1))
        {
            failures.Add($"{section}:SliverShare is {Invariant(options.SliverShare)}; it must be at least 0 and below 1.");
        }
        if (!(options.SliverAreaM2 is >= 0 and <= 100_000))
        {
            failures.Add($"{section}:SliverAreaM2 is {Invariant(options.SliverAreaM2)}; it must be between 0 and 100000 m².");
        }
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{section}:Provider is {options.Provider}; it must be {string.Join(" or ", Enum.GetNames<OwnerProvider>())}.");
        }
        if (string.IsNullOrWhiteSpace(options.LegalBasis))
        {
            failures.Add($"{section}:LegalBasis is empty: set the legal basis recorded with every owner (e.g. the utleveringsforskriften ground).");
        }
        var matrikkel = options.Matrikkel;
        if (!Uri.TryCreate(matrikkel.BaseUrl, UriKind.Absolute, out var matrikkelUri) || matrikkelUri.Scheme is not ("https" or "http"))
        {
            failures.Add($"{section}:Matrikkel:BaseUrl is '{matrikkel.BaseUrl}'; it must be an absolute http(s) URL.");
        }
        if (options.Provider == OwnerProvider.Matrikkel && !matrikkel.IsConfigured)
        {
            failures.Add($"{section}:Provider is Matrikkel but {section}:Matrikkel:Username or Password is empty: set both (the password through Tomte__Owners__Matrikkel__Password).");
        }
        if (matrikkel.BatchSize is < 1 or > 1000)
        {
            failures.Add($"{section}:Matrikkel:BatchSize is {matrikkel.BatchSize}; it must be between 1 and 1000.");
        }
        if (matrikkel.Parallelism is < 1 or > 32)
        {
            failures.Add($"{section}:Matrikkel:Parallelism is {matrikkel.Parallelism}; it must be between 1 and 32.");
        }
        if (matrikkel.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Matrikkel:Timeout is {matrikkel.Timeout}; it must be above zero.");
        }
        if (!Uri.TryCreate(options.Brreg.BaseUrl, UriKind.Absolute, out var brregUri) || brregUri.Scheme is not ("https" or "http"))
        {
            failures.Add($"{section}:Brreg:BaseUrl is '{options.Brreg.BaseUrl}'; it must be an absolute http(s) URL.");
        }
        if (options.Brreg.CacheDays is < 0 or > 3650)
        {
            failures.Add($"{section}:Brreg:CacheDays is {options.Brreg.CacheDays}; it must be between 0 and 3650.");
        }
        if (options.Brreg.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:Brreg:Timeout is {options.Brreg.Timeout}; it must be above zero.");
        }
        if (options.Privacy.WashMaxAgeDays is < 1 or > 365)
        {
            failures.Add($"{section}:Privacy:WashMaxAgeDays is {options.Privacy.WashMaxAgeDays}; it must be between 1 and 365.");
        }
        if (options.Privacy.RetentionDays is < 1 or > 3650)
        {
            failures.Add($"{section}:Privacy:RetentionDays is {options.Privacy.RetentionDays}; it must be between 1 and 3650.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
