using System.Text;

namespace Tomte.Tests.SampleData;

/// <summary>
/// The demo's Reservasjonsregisteret wash result: every invented person of <see cref="OwnersFile"/> once, by name and
/// address (as a vendor returns a list), with reservert ja for about one in twelve. FICTIONAL: no register was asked.
/// No wash date in the file; the demo gives it with --vaskedato, as an operator does. Its own random stream. Also a
/// few invented opt-outs by e-mail.
/// </summary>
public sealed partial class SampleDataGenerator
{
    public const string WashFile = "reservasjonsvask-eksempel.csv";

    public const string OptOutFile = "avmeldinger-eksempel.csv";

    private static void WriteWash(string path, string ownersPath)
    {
        var random = new Random(DefaultSeed + 12);
        var text = new StringBuilder("navn;adresse;postnummer;poststed;reservert\r\n");
        var persons = File.ReadAllLines(ownersPath, Encoding.UTF8).Skip(1)
            .Select(line => line.Split(';'))
            .Where(f => f.Length > 6 && f[2] == "person")
            .Select(f => (Navn: f[1], Adresse: f[4], Postnummer: f[5], Poststed: f[6]))
            .Distinct();
        foreach (var (navn, adresse, postnummer, poststed) in persons)
        {
            text.Append($"{navn};{adresse};{postnummer};{poststed};{(random.NextDouble() < 1.0 / 12 ? "ja" : "nei")}\r\n");
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(true));
    }

    /// <summary>Opt-outs by e-mail for a few invented persons (every fortieth with an address), as replies saying «stopp» would give.</summary>
    private static void WriteOptOuts(string path, string ownersPath)
    {
        var text = new StringBuilder("epost;kilde\r\n");
        var emails = File.ReadAllLines(ownersPath, Encoding.UTF8).Skip(1)
            .Select(line => line.Split(';'))
            .Where(f => f.Length > 8 && f[8].Length > 0)
            .Select(f => f[8])
            .Distinct()
            .Where((_, i) => i % 40 == 0);
        foreach (var email in emails)
        {
            text.Append($"{email};Eksempel: svar «stopp» på e-post (oppdiktet)\r\n");
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(true));
    }
}
