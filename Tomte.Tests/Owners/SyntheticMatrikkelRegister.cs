using System.Globalization;
using System.Xml.Linq;

namespace Tomte.Tests.Owners;

/// <summary>
/// A register of generated matrikkelenheter and persons for whatever parcels are asked for, answered in the recorded
/// fixtures' envelope and item shapes: each parcel has the farm's owner (shared by the farm's parcels) and one of its own.
/// </summary>
internal sealed class SyntheticMatrikkelRegister
{
    private readonly XDocument _ids = Load("findMatrikkelenhetIdsForIdents.response.xml");
    private readonly XDocument _units = Load("getObjects-Matrikkelenhet.response.xml");
    private readonly XDocument _persons = Load("getObjects-Person.response.xml");
    private readonly string _areas = File.ReadAllText(Path.Combine(MatrikkelServer.FixtureDirectory, "getObjects-Postnummeromrade.response.xml"));

    private static XDocument Load(string name) => XDocument.Load(Path.Combine(MatrikkelServer.FixtureDirectory, name));

    public string Answer(MatrikkelServer.Call call)
    {
        var request = XDocument.Parse(call.Body);
        var items = request.Descendants().Where(e => e.Name.LocalName == "item" && e.Parent!.Name.LocalName is "ids" or "matrikkelenhetIdentList").ToList();
        return call.Operation switch
        {
            "findMatrikkelenhetIdsForIdents" => Fill(_ids, "entry", items.Select(i =>
            {
                var gnr = int.Parse(Child(i, "gardsnummer"), CultureInfo.InvariantCulture);
                var bnr = int.Parse(Child(i, "bruksnummer"), CultureInfo.InvariantCulture);
                return (Action<XElement>)(entry =>
                {
                    Set(entry, "gardsnummer", gnr);
                    Set(entry, "bruksnummer", bnr);
                    entry.Elements().Single(e => e.Name.LocalName == "value").Elements().Single().Value = Invariant(UnitId(gnr, bnr));
                });
            })),
            "getObjects" when call.IdType == "MatrikkelenhetId" => Fill(_units, "item", items.Select(i =>
            {
                var id = long.Parse(Child(i, "value"), CultureInfo.InvariantCulture);
                return (Action<XElement>)(unit =>
                {
                    unit.Elements().Single(e => e.Name.LocalName == "id").Elements().Single().Value = Invariant(id);
                    var owners = unit.Descendants().Where(e => e.Name.LocalName == "eierId").Select(e => e.Elements().Single()).ToList();
                    owners[0].Value = Invariant(FarmOwner(id));
                    owners[1].Value = Invariant(OwnOwner(id));
                    owners[2].Value = Invariant(OwnOwner(id));
                });
            }), template: 1),
            "getObjects" when call.IdType == "PersonId" => Fill(_persons, "item", items.Select(i =>
            {
                var id = long.Parse(Child(i, "value"), CultureInfo.InvariantCulture);
                return (Action<XElement>)(person =>
                {
                    person.Elements().Single(e => e.Name.LocalName == "id").Elements().Single().Value = Invariant(id);
                    person.Elements().Single(e => e.Name.LocalName == "navn").Value = $"OPPDIKTET PERSON {id}";
                });
            }), template: 1),
            _ => _areas,
        };
    }

    private static long UnitId(int gnr, int bnr) => (gnr * 1_000L) + bnr;

    private static long FarmOwner(long unitId) => 500_000 + (unitId / 1_000);

    private static long OwnOwner(long unitId) => 900_000 + unitId;

    private static string Fill(XDocument fixture, string itemName, IEnumerable<Action<XElement>> fills, int template = 0)
    {
        var document = new XDocument(fixture);
        var list = document.Descendants().First(e => e.Name.LocalName == "return");
        var model = list.Elements().Where(e => e.Name.LocalName == itemName).ElementAt(template);
        list.RemoveNodes();
        foreach (var fill in fills)
        {
            var item = new XElement(model);
            fill(item);
            list.Add(item);
        }
        return document.ToString(SaveOptions.DisableFormatting);
    }

    private static string Child(XElement element, string localName) => element.Descendants().First(e => e.Name.LocalName == localName).Value;

    private static void Set(XElement element, string localName, int value) => element.Descendants().First(e => e.Name.LocalName == localName).Value = Invariant(value);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
