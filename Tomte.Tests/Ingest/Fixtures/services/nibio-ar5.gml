<?xml version="1.0" encoding="UTF-8"?>
<!-- SYNTHETIC: a MapServer WFS 2.0 GetFeature page (GML 3.2, ms: namespace, msGeometry) shaped on NIBIO's AR5 service, with made-up AR5 polygons in Ås: arealtype 21, 30, 22, 12, 23; layer and attribute names as configured (UNCONFIRMED) -->
<wfs:FeatureCollection xmlns:ms="http://mapserver.gis.umn.edu/mapserver" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" timeStamp="2026-11-30T04:00:00" numberMatched="unknown" numberReturned="5">
  <wfs:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::25833"><gml:lowerCorner>260000 6625000</gml:lowerCorner><gml:upperCorner>262500 6625400</gml:upperCorner></gml:Envelope></wfs:boundedBy>
  <wfs:member>
    <ms:ar5 gml:id="ar5.9901">
      <gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::25833"><gml:lowerCorner>260000 6625000</gml:lowerCorner><gml:upperCorner>260400 6625400</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <ms:msGeometry><gml:Polygon gml:id="ar5.9901.1" srsName="urn:ogc:def:crs:EPSG::25833"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">260000 6625000 260400 6625000 260400 6625400 260000 6625400 260000 6625000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></ms:msGeometry>
      <ms:lokalid>9901</ms:lokalid>
      <ms:arealtype>21</ms:arealtype>
      <ms:arealtype_tekst>Fulldyrka jord</ms:arealtype_tekst>
      <ms:kommunenummer>3218</ms:kommunenummer>
    </ms:ar5>
  </wfs:member>
  <wfs:member>
    <ms:ar5 gml:id="ar5.9902">
      <gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::25833"><gml:lowerCorner>260500 6625000</gml:lowerCorner><gml:upperCorner>260900 6625400</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <ms:msGeometry><gml:Polygon gml:id="ar5.9902.1" srsName="urn:ogc:def:crs:EPSG::25833"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">260500 6625000 260900 6625000 260900 6625400 260500 6625400 260500 6625000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></ms:msGeometry>
      <ms:lokalid>9902</ms:lokalid>
      <ms:arealtype>30</ms:arealtype>
      <ms:arealtype_tekst>Skog</ms:arealtype_tekst>
      <ms:kommunenummer>3218</ms:kommunenummer>
    </ms:ar5>
  </wfs:member>
  <wfs:member>
    <ms:ar5 gml:id="ar5.9903">
      <gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::25833"><gml:lowerCorner>261000 6625000</gml:lowerCorner><gml:upperCorner>261400 6625400</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <ms:msGeometry><gml:Polygon gml:id="ar5.9903.1" srsName="urn:ogc:def:crs:EPSG::25833"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">261000 6625000 261400 6625000 261400 6625400 261000 6625400 261000 6625000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></ms:msGeometry>
      <ms:lokalid>9903</ms:lokalid>
      <ms:arealtype>22</ms:arealtype>
      <ms:arealtype_tekst>Overflatedyrka jord</ms:arealtype_tekst>
      <ms:kommunenummer>3218</ms:kommunenummer>
    </ms:ar5>
  </wfs:member>
  <wfs:member>
    <ms:ar5 gml:id="ar5.9904">
      <gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::25833"><gml:lowerCorner>261500 6625000</gml:lowerCorner><gml:upperCorner>261900 6625400</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <ms:msGeometry><gml:Polygon gml:id="ar5.9904.1" srsName="urn:ogc:def:crs:EPSG::25833"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">261500 6625000 261900 6625000 261900 6625400 261500 6625400 261500 6625000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></ms:msGeometry>
      <ms:lokalid>9904</ms:lokalid>
      <ms:arealtype>12</ms:arealtype>
      <ms:arealtype_tekst>Samferdsel</ms:arealtype_tekst>
      <ms:kommunenummer>3218</ms:kommunenummer>
    </ms:ar5>
  </wfs:member>
  <wfs:member>
    <ms:ar5 gml:id="ar5.9905">
      <gml:boundedBy><gml:Envelope srsName="urn:ogc:def:crs:EPSG::25833"><gml:lowerCorner>262000 6625000</gml:lowerCorner><gml:upperCorner>262400 6625400</gml:upperCorner></gml:Envelope></gml:boundedBy>
      <ms:msGeometry><gml:Polygon gml:id="ar5.9905.1" srsName="urn:ogc:def:crs:EPSG::25833"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">262000 6625000 262400 6625000 262400 6625400 262000 6625400 262000 6625000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></ms:msGeometry>
      <ms:lokalid>9905</ms:lokalid>
      <ms:arealtype>23</ms:arealtype>
      <ms:arealtype_tekst>Innmarksbeite</ms:arealtype_tekst>
      <ms:kommunenummer>3218</ms:kommunenummer>
    </ms:ar5>
  </wfs:member>
</wfs:FeatureCollection>
