using System.Globalization;
using System.Xml.Linq;
using static Tomte.Worker.Owners.Matrikkel.MatrikkelSoap;

namespace Tomte.Worker.Owners.Matrikkel;

/// <summary>
/// Reads the Matrikkel API's answers. Item types come from xsi:type, resolved to a namespace URI through the item's own
/// prefix declarations. Of a natural person only the name and postal address are read: the <c>nummer</c> element of a
/// FysiskPerson (the national identity number) is never read, let alone kept.
/// </summary>
public static class MatrikkelResponses
{
    public sealed record Ownership(long PersonId, Share? Andel, bool Tinglyst);

    public sealed record Unit(long Id, IReadOnlyList<Ownership> Owners, int OwnedByOtherUnits);

    public sealed record Person(long Id, OwnerKind Kind, string Navn, string? Organisasjonsnummer, string? Adresse, long? PostnummeromradeId, bool Slettet);

    public sealed record PostalArea(long Id, string Postnummer, string Poststed);

    /// <summary>findMatrikkelenhetIdsForIdentsResponse: ident → MatrikkelenhetId; idents the register does not know are absent.</summary>
    public static IReadOnlyDictionary<Matrikkelnummer, long> IdsForIdents(XDocument response)
    {
        var map = new Dictionary<Matrikkelnummer, long>();
        foreach (var entry in Return(response, MatrikkelenhetService + "findMatrikkelenhetIdsForIdentsResponse").Elements().Where(e => e.Name.LocalName == "entry"))
        {
            var key = entry.Elements().FirstOrDefault(e => e.Name.LocalName == "key");
            var value = entry.Elements().FirstOrDefault(e => e.Name.LocalName == "value");
            if (key is null || value is null || IsNil(value) || Long(value.Elements().FirstOrDefault(e => e.Name.LocalName == "value")) is not { } id)
            {
                continue;
            }
            var kommune = key.Descendants().FirstOrDefault(e => e.Name.LocalName == "kommunenummer")?.Value.Trim();
            var ident = new Matrikkelnummer(kommune ?? "", Int(key, "gardsnummer"), Int(key, "bruksnummer"), Int(key, "festenummer"), Int(key, "seksjonsnummer"));
            map[ident] = id;
        }
        return map;
    }

    /// <summary>The items of a getObjectsResponse, each with its xsi:type resolved to a namespace-qualified name.</summary>
    public static IEnumerable<(XName Type, XElement Item)> Items(XDocument response) =>
        Return(response, StoreService + "getObjectsResponse").Elements()
            .Where(e => e.Name.LocalName == "item")
            .Select(item => (TypeOf(item), item));

    public static Unit? ReadUnit(XName type, XElement item)
    {
        if (type.Namespace != MatrikkelenhetDomain || Child(item, "matrikkelnummer") is null || IdOf(item) is not { } id)
        {
            return null;
        }
        var owners = new List<Ownership>();
        var ownedByUnits = 0;
        foreach (var relation in Child(item, "eierforhold")?.Elements().Where(e => e.Name.LocalName == "item") ?? [])
        {
            var relationType = TypeOf(relation).LocalName;
            // A parcel owned by other parcels (jordsameie, realsameie) has no person behind it here.
            if (relationType.StartsWith("Matrikkelenhet", StringComparison.Ordinal))
            {
                ownedByUnits++;
                continue;
            }
            if (Child(relation, "datoTil") is not null)
            {
                continue;   // an ikke-tinglyst ownership that has ended
            }
            if (Long(Child(relation, "eierId")?.Elements().FirstOrDefault(e => e.Name.LocalName == "value")) is not { } personId)
            {
                continue;
            }
            Share? share = null;
            if (Child(relation, "andel") is { } andel && Int(andel, "teller") is > 0 and var teller && Int(andel, "nevner") is > 0 and var nevner && teller <= nevner)
            {
                share = new Share(teller, nevner);
            }
            owners.Add(new Ownership(personId, share, !relationType.Contains("IkkeTinglyst", StringComparison.Ordinal)));
        }
        return new Unit(id, owners, ownedByUnits);
    }

    public static Person? ReadPerson(XName type, XElement item)
    {
        if (type.Namespace != PersonDomain || IdOf(item) is not { } id)
        {
            return null;
        }
        var juridisk = type.LocalName == "JuridiskPerson";
        var navn = Text(item, "navn");
        if (navn is null && !juridisk)
        {
            navn = string.Join(' ', new[] { Text(item, "fornavn"), Text(item, "etternavn") }.Where(s => s is not null));
        }
        var address = Child(item, "postadresse") is { } postadresse && HasAddress(postadresse) ? postadresse
            : juridisk && Child(item, "forretningsadresse") is { } forretning && HasAddress(forretning) ? forretning
            : null;
        string? adresse = null;
        long? postnummeromrade = null;
        if (address is not null)
        {
            var lines = new[] { Text(address, "adresselinje1"), Text(address, "adresselinje2"), Text(address, "adresselinje3") }.Where(l => l is not null);
            adresse = string.Join(", ", lines) is { Length: > 0 } joined ? joined : null;
            postnummeromrade = Long(Child(address, "postnummeromradeId")?.Elements().FirstOrDefault(e => e.Name.LocalName == "value"));
        }
        var orgnr = juridisk ? Text(item, "nummer") : null;
        return new Person(id, juridisk ? OwnerKind.Organisasjon : OwnerKind.Person, string.IsNullOrWhiteSpace(navn) ? "(uten navn)" : navn,
            orgnr, adresse, postnummeromrade, juridisk && Child(item, "slettetDato") is not null);
    }

    public static PostalArea? ReadPostalArea(XName type, XElement item) =>
        type.Namespace == AdresseDomain && type.LocalName == "Postnummeromrade" && IdOf(item) is { } id && Text(item, "kretsnummer") is { } nummer
            ? new PostalArea(id, nummer, Text(item, "kretsnavn") ?? "")
            : null;

    private static XElement Return(XDocument response, XName operation)
    {
        var body = response.Root?.Element(Soap + "Body") ?? throw new MatrikkelException("Matrikkel-svaret er ikke en SOAP-konvolutt (mangler soap:Body)");
        var answer = body.Element(operation) ?? throw new MatrikkelException($"Matrikkel-svaret mangler {operation.LocalName}");
        return answer.Elements().FirstOrDefault(e => e.Name.LocalName == "return") ?? new XElement("return");
    }

    private static XName TypeOf(XElement element)
    {
        var type = element.Attribute(Xsi + "type")?.Value;
        if (type is null)
        {
            return element.Name;
        }
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        var ns = colon < 0 ? element.GetDefaultNamespace() : element.GetNamespaceOfPrefix(type[..colon]) ?? XNamespace.None;
        return ns + type[(colon + 1)..];
    }

    private static long? IdOf(XElement item) => Long(Child(item, "id")?.Elements().FirstOrDefault(e => e.Name.LocalName == "value"));

    private static XElement? Child(XElement element, string localName) => element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static string? Text(XElement element, string localName) =>
        Child(element, localName)?.Value.Trim() is { Length: > 0 } value ? value : null;

    private static bool HasAddress(XElement address) =>
        Text(address, "adresselinje1") is not null || Text(address, "adresselinje2") is not null || Text(address, "adresselinje3") is not null;

    private static int Int(XElement element, string localName) =>
        int.TryParse(Child(element, localName)?.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static long? Long(XElement? element) =>
        long.TryParse(element?.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static bool IsNil(XElement element) => element.Attribute(Xsi + "nil")?.Value == "true";
}
