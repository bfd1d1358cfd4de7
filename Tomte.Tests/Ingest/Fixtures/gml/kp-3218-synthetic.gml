<?xml version="1.0" encoding="utf-8"?>
<!-- SYNTHETIC test data shaped on SOSI Kommuneplan 20190401; not real plan data. -->
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:app="http://skjema.geonorge.no/SOSI/produktspesifikasjon/Kommuneplan/20190401" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" gml:id="kp-3218">
  <gml:boundedBy>
    <gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/25833" srsDimension="2">
      <gml:lowerCorner>597000 6612000</gml:lowerCorner>
      <gml:upperCorner>604000 6622000</gml:upperCorner>
    </gml:Envelope>
  </gml:boundedBy>
  <gml:featureMember>
    <app:KpOmråde gml:id="kpo-1">
      <app:identifikasjon><app:Identifikasjon><app:lokalId>kpo-1</app:lokalId><app:navnerom>https://data.geonorge.no/3218/Kommuneplan</app:navnerom><app:versjonId>1</app:versjonId></app:Identifikasjon></app:identifikasjon>
      <app:område>
        <gml:MultiSurface gml:id="kpo-1-g" srsName="EPSG:25833">
          <gml:surfaceMember>
            <gml:Polygon gml:id="kpo-1-p1">
              <gml:exterior><gml:LinearRing><gml:posList>597000 6612000 604000 6612000 604000 6619000 597000 6619000 597000 6612000</gml:posList></gml:LinearRing></gml:exterior>
            </gml:Polygon>
          </gml:surfaceMember>
        </gml:MultiSurface>
      </app:område>
      <app:arealplanId><app:NasjonalArealplanId><app:kommunenummer>3218</app:kommunenummer><app:landkode>NO</app:landkode><app:planidentifikasjon>2015001</app:planidentifikasjon></app:NasjonalArealplanId></app:arealplanId>
      <app:plantype>20</app:plantype>
      <app:planstatus>3</app:planstatus>
      <app:plannavn>Kommuneplanens arealdel for Ås (SYNTETISK)</app:plannavn>
      <app:ikrafttredelsesdato>2015-10-21</app:ikrafttredelsesdato>
      <app:lovreferanse xsi:nil="true"/>
    </app:KpOmråde>
  </gml:featureMember>
  <gml:featureMember>
    <app:KpArealformålOmråde gml:id="kpa-1">
      <app:identifikasjon><app:Identifikasjon><app:lokalId>kpa-1</app:lokalId><app:navnerom>https://data.geonorge.no/3218/Kommuneplan</app:navnerom><app:versjonId>1</app:versjonId></app:Identifikasjon></app:identifikasjon>
      <app:arealformål>1110</app:arealformål>
      <app:arealbruksstatus>2</app:arealbruksstatus>
      <app:vertikalnivå>2</app:vertikalnivå>
      <app:område>
        <gml:Polygon gml:id="kpa-1-p">
          <gml:exterior><gml:LinearRing><gml:posList srsDimension="2">598000 6616000 599000 6616000 599000 6617000 598000 6617000 598000 6616000</gml:posList></gml:LinearRing></gml:exterior>
          <gml:interior><gml:LinearRing><gml:posList>598200 6616200 598200 6616300 598300 6616300 598300 6616200 598200 6616200</gml:posList></gml:LinearRing></gml:interior>
          <gml:interior><gml:LinearRing><gml:posList>598500 6616500 598500 6616600 598600 6616600 598600 6616500 598500 6616500</gml:posList></gml:LinearRing></gml:interior>
        </gml:Polygon>
      </app:område>
      <app:arealplanId><app:NasjonalArealplanId><app:kommunenummer>3218</app:kommunenummer><app:landkode>NO</app:landkode><app:planidentifikasjon>2015001</app:planidentifikasjon></app:NasjonalArealplanId></app:arealplanId>
      <app:kommuneplan xlink:href="#kpo-1"/>
    </app:KpArealformålOmråde>
  </gml:featureMember>
  <gml:featureMember>
    <app:KpArealformålOmråde gml:id="kpa-2">
      <app:identifikasjon><app:Identifikasjon><app:lokalId>kpa-2</app:lokalId><app:navnerom>https://data.geonorge.no/3218/Kommuneplan</app:navnerom><app:versjonId>1</app:versjonId></app:Identifikasjon></app:identifikasjon>
      <app:arealformål>1800</app:arealformål>
      <app:arealbruksstatus>2</app:arealbruksstatus>
      <app:område>
        <gml:Surface gml:id="kpa-2-s" srsName="urn:ogc:def:crs:EPSG::5973" srsDimension="3">
          <gml:patches>
            <gml:PolygonPatch>
              <gml:exterior>
                <gml:LinearRing>
                  <gml:pos>600000 6618000 101.5</gml:pos>
                  <gml:pos>600400 6618000 102.5</gml:pos>
                  <gml:pos>600400 6618400 103.5</gml:pos>
                  <gml:pos>600000 6618400 104.5</gml:pos>
                  <gml:pos>600000 6618000 101.5</gml:pos>
                </gml:LinearRing>
              </gml:exterior>
            </gml:PolygonPatch>
          </gml:patches>
        </gml:Surface>
      </app:område>
      <app:posisjon><gml:Point gml:id="kpa-2-pt"><gml:pos>600200 6618200</gml:pos></gml:Point></app:posisjon>
      <app:arealplanId><app:NasjonalArealplanId><app:kommunenummer>3218</app:kommunenummer><app:landkode>NO</app:landkode><app:planidentifikasjon>2015001</app:planidentifikasjon></app:NasjonalArealplanId></app:arealplanId>
      <app:formål xlink:href="#a"/>
      <app:formål xlink:href="#b"/>
    </app:KpArealformålOmråde>
  </gml:featureMember>
  <gml:featureMember>
    <app:KpFareSone gml:id="kph-1">
      <app:identifikasjon><app:Identifikasjon><app:lokalId>kph-1</app:lokalId><app:navnerom>https://data.geonorge.no/3218/Kommuneplan</app:navnerom><app:versjonId>1</app:versjonId></app:Identifikasjon></app:identifikasjon>
      <app:hensynSonenavn>H310_1</app:hensynSonenavn>
      <app:fare>310</app:fare>
      <app:område>
        <gml:Polygon gml:id="kph-1-p">
          <gml:exterior>
            <gml:Ring>
              <gml:curveMember><gml:LineString gml:id="kph-1-c1"><gml:posList>602000 6619000 602300 6619000 602300 6619300</gml:posList></gml:LineString></gml:curveMember>
              <gml:curveMember><gml:Curve gml:id="kph-1-c2"><gml:segments><gml:LineStringSegment><gml:posList>602300 6619300 602000 6619300 602000 6619000</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember>
            </gml:Ring>
          </gml:exterior>
        </gml:Polygon>
      </app:område>
      <app:arealplanId><app:NasjonalArealplanId><app:kommunenummer>3218</app:kommunenummer><app:landkode>NO</app:landkode><app:planidentifikasjon>2015001</app:planidentifikasjon></app:NasjonalArealplanId></app:arealplanId>
    </app:KpFareSone>
  </gml:featureMember>
</gml:FeatureCollection>
