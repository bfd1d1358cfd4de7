<?xml version="1.0" encoding="utf-8" ?>
<!-- SYNTHETIC: an ArcGIS Server WFS 2.0 GetFeature page (GML 3.2) shaped on NVE's kvikkleire service (SOSI Skredfaresoner KvikkleireFaresone attributes), with made-up zones in Ås; names as configured (UNCONFIRMED) -->
<wfs:FeatureCollection xmlns:SkredKvikkleire2="https://kart.example.invalid/arcgis/services/SkredKvikkleire2/MapServer/WFSServer" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" timeStamp="2026-11-30T04:00:00Z" numberMatched="2" numberReturned="2">
<wfs:member><SkredKvikkleire2:KvikkleireFaresone gml:id="KvikkleireFaresone.1">
<SkredKvikkleire2:OBJECTID>1</SkredKvikkleire2:OBJECTID>
<SkredKvikkleire2:skredOmrID>KL-9901</SkredKvikkleire2:skredOmrID>
<SkredKvikkleire2:skredOmrNavn>Syntetisk kvikkleiresone</SkredKvikkleire2:skredOmrNavn>
<SkredKvikkleire2:skredFaregradKlasse>2</SkredKvikkleire2:skredFaregradKlasse>
<SkredKvikkleire2:skredKonsekvensKlasse>3</SkredKvikkleire2:skredKonsekvensKlasse>
<SkredKvikkleire2:skredRisikoKvikkleireKlasse>4</SkredKvikkleire2:skredRisikoKvikkleireKlasse>
<SkredKvikkleire2:SHAPE><gml:MultiSurface gml:id="KvikkleireFaresone.1.SHAPE" srsName="urn:ogc:def:crs:EPSG::25833"><gml:surfaceMember><gml:Polygon gml:id="KvikkleireFaresone.1.SHAPE.1"><gml:exterior><gml:LinearRing><gml:posList>265000 6623000 265800 6623000 265800 6623600 265000 6623600 265000 6623000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></SkredKvikkleire2:SHAPE>
</SkredKvikkleire2:KvikkleireFaresone></wfs:member>
<wfs:member><SkredKvikkleire2:KvikkleireFaresone gml:id="KvikkleireFaresone.2">
<SkredKvikkleire2:OBJECTID>2</SkredKvikkleire2:OBJECTID>
<SkredKvikkleire2:skredOmrID>KL-9902</SkredKvikkleire2:skredOmrID>
<SkredKvikkleire2:skredOmrNavn>Syntetisk kvikkleiresone øst</SkredKvikkleire2:skredOmrNavn>
<SkredKvikkleire2:skredFaregradKlasse>1</SkredKvikkleire2:skredFaregradKlasse>
<SkredKvikkleire2:skredKonsekvensKlasse>2</SkredKvikkleire2:skredKonsekvensKlasse>
<SkredKvikkleire2:skredRisikoKvikkleireKlasse>2</SkredKvikkleire2:skredRisikoKvikkleireKlasse>
<SkredKvikkleire2:SHAPE><gml:MultiSurface gml:id="KvikkleireFaresone.2.SHAPE" srsName="urn:ogc:def:crs:EPSG::25833"><gml:surfaceMember><gml:Polygon gml:id="KvikkleireFaresone.2.SHAPE.1"><gml:exterior><gml:LinearRing><gml:posList>266500 6624500 267000 6624500 267000 6625000 266500 6625000 266500 6624500</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></SkredKvikkleire2:SHAPE>
</SkredKvikkleire2:KvikkleireFaresone></wfs:member>
</wfs:FeatureCollection>
