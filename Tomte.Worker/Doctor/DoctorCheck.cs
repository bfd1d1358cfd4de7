namespace Tomte.Worker.Doctor;

/// <summary>The outcome of one doctor check; <see cref="Key"/> names the setting to fix when it failed.</summary>
public sealed record DoctorResult(DoctorStatus Status, string Detail, string? Key = null)
{
    public static DoctorResult Ok(string detail) => new(DoctorStatus.Ok, detail);
    public static DoctorResult Warning(string detail, string? key = null) => new(DoctorStatus.Warning, detail, key);
    public static DoctorResult Failed(string detail, string? key = null) => new(DoctorStatus.Failed, detail, key);
}

public enum DoctorStatus { Ok, Warning, Failed }

/// <summary>
/// One line of <c>tomte doctor</c>; each feature registers its own (database, Airtable, SMTP, sources)
/// with <see cref="DoctorServiceCollectionExtensions.AddDoctorCheck{T}"/> and a <see cref="DoctorCheckAttribute"/>.
/// </summary>
public interface IDoctorCheck
{
    /// <summary>A failed blocking check skips the checks after it (they would only repeat its error).</summary>
    bool Blocking => false;

    Task<DoctorResult> RunAsync(CancellationToken cancellationToken);
}
