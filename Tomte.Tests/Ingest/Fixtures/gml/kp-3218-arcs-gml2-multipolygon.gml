<?xml version="1.0" encoding="utf-8"?>
<!-- SYNTHETIC test data: SOSI arcs (BUEP) written as gml:Arc inside a gml:Ring, and a GML 2 style gml:MultiPolygon. Not real plan data. -->
<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:app="http://skjema.geonorge.no/SOSI/produktspesifikasjon/Kommuneplan/20190401">
  <gml:featureMember>
    <app:KpHensynSone gml:id="kph-arc">
      <app:arealplanId><app:NasjonalArealplanId><app:kommunenummer>3218</app:kommunenummer><app:planidentifikasjon>2015001</app:planidentifikasjon></app:NasjonalArealplanId></app:arealplanId>
      <app:hensynSonenavn>H570_1</app:hensynSonenavn>
      <app:område>
        <gml:Surface gml:id="kph-arc-s" srsName="urn:ogc:def:crs:EPSG::25833">
          <gml:patches>
            <gml:PolygonPatch>
              <gml:exterior>
                <gml:Ring>
                  <gml:curveMember>
                    <gml:Curve gml:id="kph-arc-c">
                      <gml:segments>
                        <gml:Arc><gml:posList>600000 6615000 600050 6615050 600100 6615000</gml:posList></gml:Arc>
                        <gml:LineStringSegment><gml:posList>600100 6615000 600000 6615000</gml:posList></gml:LineStringSegment>
                      </gml:segments>
                    </gml:Curve>
                  </gml:curveMember>
                </gml:Ring>
              </gml:exterior>
            </gml:PolygonPatch>
          </gml:patches>
        </gml:Surface>
      </app:område>
    </app:KpHensynSone>
  </gml:featureMember>
  <gml:featureMember>
    <app:KpOmråde gml:id="kpo-gml2">
      <app:område>
        <gml:MultiPolygon srsName="EPSG:25833">
          <gml:polygonMember><gml:Polygon><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>601000,6616000 601100,6616000 601100,6616100 601000,6616100 601000,6616000</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></gml:polygonMember>
          <gml:polygonMember><gml:Polygon><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>601200,6616000 601300,6616000 601300,6616100 601200,6616100 601200,6616000</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></gml:polygonMember>
        </gml:MultiPolygon>
      </app:område>
    </app:KpOmråde>
  </gml:featureMember>
  <gml:featureMember>
    <app:KpHensynSone gml:id="kph-bad-arc">
      <app:område>
        <gml:Polygon srsName="urn:ogc:def:crs:EPSG::25833">
          <gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments>
            <gml:Arc><gml:posList>600000 6615000 600100 6615000</gml:posList></gml:Arc>
          </gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior>
        </gml:Polygon>
      </app:område>
    </app:KpHensynSone>
  </gml:featureMember>
</gml:FeatureCollection>
