using System.Globalization;
using System.Xml.Linq;

namespace Tomte.Worker.Owners.Matrikkel;

/// <summary>
/// The Matrikkel API's SOAP 1.1 envelopes in its real namespaces (from Kartverket's WSDL/XSD): the requests Tomte sends.
/// Responses are read by namespace URI, never by prefix (Kartverket's prefixes differ from answer to answer).
/// </summary>
public static class MatrikkelSoap
{
    public static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    public static readonly XNamespace Domain = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/domain";
    public static readonly XNamespace MatrikkelenhetDomain = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/domain/matrikkelenhet";
    public static readonly XNamespace PersonDomain = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/domain/person";
    public static readonly XNamespace AdresseDomain = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/domain/adresse";
    public static readonly XNamespace KommuneDomain = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/domain/kommune";
    public static readonly XNamespace MatrikkelenhetService = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/service/matrikkelenhet";
    public static readonly XNamespace StoreService = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/service/store";
    public static readonly XNamespace Exception = "http://matrikkel.statkart.no/matrikkelapi/wsapi/v1/exception";

    public const string MatrikkelenhetServicePath = "MatrikkelenhetServiceWS";
    public const string StoreServicePath = "StoreServiceWS";

    /// <summary>The kinds of id Tomte fetches through StoreService.getObjects, typed with xsi:type as the service requires.</summary>
    public enum IdKind
    {
        Matrikkelenhet,
        Person,
        Postnummeromrade,
    }

    /// <summary>MatrikkelenhetService.findMatrikkelenhetIdsForIdents: many idents in one call.</summary>
    public static XDocument FindMatrikkelenhetIdsForIdents(IEnumerable<Matrikkelnummer> idents, MatrikkelOptions options) =>
        Envelope(new XElement(MatrikkelenhetService + "findMatrikkelenhetIdsForIdents",
            new XElement(MatrikkelenhetService + "matrikkelenhetIdentList",
                idents.Select(m => new XElement(MatrikkelenhetDomain + "item",
                    new XElement(MatrikkelenhetDomain + "kommuneIdent", new XElement(KommuneDomain + "kommunenummer", m.Kommunenummer)),
                    new XElement(MatrikkelenhetDomain + "gardsnummer", Invariant(m.Gnr)),
                    new XElement(MatrikkelenhetDomain + "bruksnummer", Invariant(m.Bnr)),
                    new XElement(MatrikkelenhetDomain + "festenummer", Invariant(m.Fnr)),
                    new XElement(MatrikkelenhetDomain + "seksjonsnummer", Invariant(m.Snr))))),
            Context(MatrikkelenhetService, options)));

    /// <summary>StoreService.getObjects: the objects behind a batch of ids.</summary>
    public static XDocument GetObjects(IdKind kind, IEnumerable<long> ids, MatrikkelOptions options)
    {
        var (prefix, type, ns) = kind switch
        {
            IdKind.Matrikkelenhet => ("mat", "MatrikkelenhetId", MatrikkelenhetDomain),
            IdKind.Person => ("per", "PersonId", PersonDomain),
            IdKind.Postnummeromrade => ("adr", "PostnummeromradeId", AdresseDomain),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return Envelope(new XElement(StoreService + "getObjects",
            new XElement(StoreService + "ids",
                new XAttribute(XNamespace.Xmlns + prefix, ns.NamespaceName),
                ids.Select(id => new XElement(Domain + "item",
                    new XAttribute(Xsi + "type", $"{prefix}:{type}"),
                    new XElement(Domain + "value", Invariant(id))))),
            Context(StoreService, options)));
    }

    private static XElement Context(XNamespace service, MatrikkelOptions options) =>
        new(service + "matrikkelContext",
            new XElement(Domain + "locale", "no_NB"),
            new XElement(Domain + "brukOriginaleKoordinater", "false"),
            new XElement(Domain + "koordinatsystemKodeId", new XElement(Domain + "value", "24")),
            new XElement(Domain + "systemVersion", options.SystemVersion),
            new XElement(Domain + "klientIdentifikasjon", options.KlientIdentifikasjon));

    private static XDocument Envelope(XElement operation) =>
        new(new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soapenv", Soap.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dom", Domain.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName),
            new XElement(Soap + "Header"),
            new XElement(Soap + "Body", operation)));

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
