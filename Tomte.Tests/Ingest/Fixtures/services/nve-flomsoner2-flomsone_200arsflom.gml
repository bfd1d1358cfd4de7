<?xml version="1.0" encoding="utf-8" ?>
<!-- SYNTHETIC: an ArcGIS Server WFS 2.0 GetFeature page (GML 3.2) shaped on NVE's Flomsoner2 service, with a made-up 200-year flood zone in Ås; attribute names as configured (UNCONFIRMED) -->
<wfs:FeatureCollection xmlns:Flomsoner2="https://kart.example.invalid/arcgis/services/Flomsoner2/MapServer/WFSServer" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" timeStamp="2026-11-30T04:00:00Z" numberMatched="1" numberReturned="1">
<wfs:member><Flomsoner2:Flomsone_200arsflom gml:id="Flomsone_200arsflom.1">
<Flomsoner2:OBJECTID>1</Flomsoner2:OBJECTID>
<Flomsoner2:flomsoneID>FS-3218-0001</Flomsoner2:flomsoneID>
<Flomsoner2:elvNavn>Syntetisk elv</Flomsoner2:elvNavn>
<Flomsoner2:gjentaksintervall>200</Flomsoner2:gjentaksintervall>
<Flomsoner2:kommuneNr>3218</Flomsoner2:kommuneNr>
<Flomsoner2:SHAPE><gml:MultiSurface gml:id="Flomsone_200arsflom.1.SHAPE" srsName="urn:ogc:def:crs:EPSG::25833"><gml:surfaceMember><gml:Polygon gml:id="Flomsone_200arsflom.1.SHAPE.1"><gml:exterior><gml:LinearRing><gml:posList>263000 6622000 263400 6622000 263400 6623200 263000 6623200 263000 6622000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></Flomsoner2:SHAPE>
</Flomsoner2:Flomsone_200arsflom></wfs:member>
</wfs:FeatureCollection>
