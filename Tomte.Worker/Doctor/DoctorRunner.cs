using Microsoft.Extensions.DependencyInjection;

namespace Tomte.Worker.Doctor;

/// <summary>A check type registered with <see cref="DoctorServiceCollectionExtensions.AddDoctorCheck{T}"/>.</summary>
public sealed record DoctorCheckRegistration(Type CheckType);

public sealed class DoctorRunner(IServiceProvider services, IEnumerable<DoctorCheckRegistration> registrations)
{
    public sealed record Line(string Label, DoctorResult Result);

    public async Task<IReadOnlyList<Line>> RunAsync(CancellationToken cancellationToken)
    {
        // Checks are created one at a time, so a bad setting found by an early check cannot
        // make a later check's dependencies (say, the database data source) throw while being built.
        var lines = new List<Line>();
        var ordered = registrations
            .Select(r => (Registration: r, Order: OrderOf(r.CheckType)))
            .OrderBy(x => x.Order)
            .Select(x => x.Registration);
        string? blockedBy = null;
        foreach (var registration in ordered)
        {
            if (blockedBy is not null)
            {
                lines.Add(new Line(LabelOf(registration.CheckType), DoctorResult.Failed($"ikke kjørt: rett «{blockedBy}» først")));
                continue;
            }
            IDoctorCheck? check = null;
            DoctorResult result;
            try
            {
                check = (IDoctorCheck)services.GetRequiredService(registration.CheckType);
                result = await check.RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = DoctorResult.Failed(ex.Message);
            }
            var label = LabelOf(registration.CheckType);
            lines.Add(new Line(label, result));
            if (result.Status == DoctorStatus.Failed && (check?.Blocking ?? true))
            {
                blockedBy = label;
            }
        }
        return lines;
    }

    private static int OrderOf(Type type) =>
        type.GetCustomAttributes(typeof(DoctorCheckAttribute), false).OfType<DoctorCheckAttribute>().FirstOrDefault()?.Order ?? 1000;

    private static string LabelOf(Type type) =>
        type.GetCustomAttributes(typeof(DoctorCheckAttribute), false).OfType<DoctorCheckAttribute>().FirstOrDefault()?.Label ?? type.Name;
}

/// <summary>Label and position of a check in the checklist, readable before the check is created.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DoctorCheckAttribute(string label, int order) : Attribute
{
    public string Label { get; } = label;
    public int Order { get; } = order;
}
