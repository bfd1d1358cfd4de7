using System.Globalization;
using System.Text;

namespace Tomte.Tests.SampleData;

/// <summary>
/// The demo's owners: an owner file in <c>tomte owners import</c>'s format for every parcel of the sample teiger, with
/// invented names (surnames no Norwegian family has: Oppdiktet, Fiktivsen ...), invented streets, e-mail only under the
/// reserved .invalid domain, no telephone numbers and no organisasjonsnummer (a made-up one could belong to a real
/// company). Its own random stream, so adding it changed none of the other files.
/// </summary>
public sealed partial class SampleDataGenerator
{
    public const string OwnersFile = "grunneiere-eksempel.csv";

    private static readonly string[] FirstNames = ["Oda", "Per", "Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Jon", "Marte", "Knut", "Astrid", "Even"];

    private static readonly string[] Surnames = ["Oppdiktet", "Prøvesen", "Fiktivsen", "Eksempelstad", "Tenktnes", "Liksomvik", "Påfunnrud", "Diktedal"];

    private static readonly string[] Streets = ["Oppdiktet vei", "Fiktivstien", "Eksempelgata", "Liksomveien", "Påfunnbakken"];

    private static readonly Dictionary<string, (string Postnummer, string Poststed)[]> PostalAreas = new(StringComparer.Ordinal)
    {
        ["3207"] = [("1400", "Ski"), ("1415", "Oppegård")],
        ["3212"] = [("1450", "Nesoddtangen"), ("1453", "Bjørnemyr")],
        ["3218"] = [("1430", "Ås"), ("1432", "Ås")],
    };

    private sealed record SampleOwner(string Navn, string Type, string Adresse, string Postnummer, string Poststed, string? Epost);

    private static void WriteOwners(string path, IReadOnlyList<(string Kommunenummer, string Matrikkelnummertekst)> parcels)
    {
        var random = new Random(DefaultSeed + 11);
        var text = new StringBuilder();
        text.Append("matrikkelnummer;navn;type;organisasjonsnummer;adresse;postnummer;poststed;andel;epost;telefon;kilde;hentet_dato\r\n");
        foreach (var farm in parcels.GroupBy(p => (p.Kommunenummer, Gnr: p.Matrikkelnummertekst.Split('/')[0])))
        {
            var kommune = farm.Key.Kommunenummer;
            // A farm's main owner holds most of its parcels, so one owner merges across many parcels and sites.
            var main = random.NextDouble() < 0.3 ? Organisation(random, kommune, farm.Key.Gnr) : Person(random, kommune);
            foreach (var (_, parcel) in farm)
            {
                var matrikkelnummer = $"{kommune}-{parcel}";
                var roll = random.NextDouble();
                if (roll < 0.6)
                {
                    Row(text, matrikkelnummer, main, "1/1");
                }
                else if (roll < 0.85)
                {
                    Row(text, matrikkelnummer, Person(random, kommune), "1/1");
                }
                else
                {
                    // Two co-owners, half each (a sameie).
                    Row(text, matrikkelnummer, Person(random, kommune), "1/2");
                    Row(text, matrikkelnummer, Person(random, kommune), "1/2");
                }
            }
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(true));
    }

    private static SampleOwner Person(Random random, string kommune)
    {
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = Surnames[random.Next(Surnames.Length)];
        var (postnummer, poststed) = PostalAreas[kommune][random.Next(2)];
        var epost = random.NextDouble() < 0.4 ? $"{first}.{last}@eksempel.invalid".ToLowerInvariant() : null;
        return new SampleOwner($"{first} {last}", "person", $"{Streets[random.Next(Streets.Length)]} {1 + random.Next(120)}", postnummer, poststed, epost);
    }

    private static SampleOwner Organisation(Random random, string kommune, string gnr)
    {
        var (postnummer, poststed) = PostalAreas[kommune][random.Next(2)];
        return new SampleOwner($"Oppdiktet Gårdsselskap {kommune}-{gnr} AS", "organisasjon",
            $"{Streets[random.Next(Streets.Length)]} {1 + random.Next(120)}", postnummer, poststed, null);
    }

    private static void Row(StringBuilder text, string matrikkelnummer, SampleOwner owner, string andel) =>
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"{matrikkelnummer};{owner.Navn};{owner.Type};;{owner.Adresse};{owner.Postnummer};{owner.Poststed};{andel};{owner.Epost};;Eksempeldata (oppdiktet);2026-01-05\r\n"));
}
