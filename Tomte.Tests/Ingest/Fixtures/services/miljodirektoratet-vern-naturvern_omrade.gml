<?xml version="1.0" encoding="utf-8" ?>
<!-- SYNTHETIC: an ArcGIS Server WFS 2.0 GetFeature page (GML 3.2, MultiSurface in SHAPE, OBJECTID) shaped on Miljødirektoratet's vern service, with made-up verneområder in Ås; attribute names as configured (UNCONFIRMED) -->
<wfs:FeatureCollection xmlns:vern="https://kart.example.invalid/arcgis/services/vern/MapServer/WFSServer" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" timeStamp="2026-11-30T04:00:00Z" numberMatched="2" numberReturned="2">
<wfs:member><vern:naturvern_omrade gml:id="naturvern_omrade.1">
<vern:OBJECTID>1</vern:OBJECTID>
<vern:naturvernId>VV00009901</vern:naturvernId>
<vern:navn>Syntetisk naturreservat</vern:navn>
<vern:offisieltNavn>Syntetisk naturreservat (SYNTETISK)</vern:offisieltNavn>
<vern:verneform>naturreservat</vern:verneform>
<vern:vernedato>1984-06-15</vern:vernedato>
<vern:kommune>3218,3207</vern:kommune>
<vern:SHAPE><gml:MultiSurface gml:id="naturvern_omrade.1.SHAPE" srsName="urn:ogc:def:crs:EPSG::25833"><gml:surfaceMember><gml:Polygon gml:id="naturvern_omrade.1.SHAPE.1"><gml:exterior><gml:LinearRing><gml:posList>262000 6624000 262600 6624000 262600 6624500 262000 6624500 262000 6624000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></vern:SHAPE>
</vern:naturvern_omrade></wfs:member>
<wfs:member><vern:naturvern_omrade gml:id="naturvern_omrade.2">
<vern:OBJECTID>2</vern:OBJECTID>
<vern:naturvernId>VV00009902</vern:naturvernId>
<vern:navn>Syntetisk landskapsvernområde</vern:navn>
<vern:offisieltNavn>Syntetisk landskapsvernområde (SYNTETISK)</vern:offisieltNavn>
<vern:verneform>landskapsvernområde</vern:verneform>
<vern:vernedato>2001-12-21</vern:vernedato>
<vern:kommune>3218</vern:kommune>
<vern:SHAPE><gml:MultiSurface gml:id="naturvern_omrade.2.SHAPE" srsName="urn:ogc:def:crs:EPSG::25833"><gml:surfaceMember><gml:Polygon gml:id="naturvern_omrade.2.SHAPE.1"><gml:exterior><gml:LinearRing><gml:posList>264000 6626000 264900 6626000 264900 6626700 264000 6626700 264000 6626000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></vern:SHAPE>
</vern:naturvern_omrade></wfs:member>
</wfs:FeatureCollection>
