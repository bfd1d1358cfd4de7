<?xml version="1.0" encoding="UTF-8"?>
<!-- SYNTHETIC: the WFS 2.0 GetFeature answer of Kartverket's Administrative enheter (app:Kommune, AdmEnheter 20240101) to a
     fes:Filter on app:kommunenummer = 3218. The border is the synthetic Ås of Tomte.Worker/SampleData/kommuner.gml. -->
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:app="https://skjema.geonorge.no/SOSI/produktspesifikasjon/AdmEnheter/20240101" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" timeStamp="2026-11-30T04:00:00Z" numberMatched="unknown" numberReturned="1">
  <wfs:member>
    <app:Kommune gml:id="kommune.3218">
      <app:identifikasjon>
        <app:Identifikasjon>
          <app:lokalId>5e1b7e27-3218-4c1d-9d8f-000000003218</app:lokalId>
          <app:navnerom>https://data.geonorge.no/sosi/administrativeenheter/kommune</app:navnerom>
          <app:versjonId>1</app:versjonId>
        </app:Identifikasjon>
      </app:identifikasjon>
      <app:oppdateringsdato>2026-01-01T00:00:00</app:oppdateringsdato>
      <app:datauttaksdato>2026-11-30T03:00:00</app:datauttaksdato>
      <app:område>
        <gml:MultiSurface gml:id="kommune.3218.område" srsName="urn:ogc:def:crs:EPSG::25833" srsDimension="2">
          <gml:surfaceMember>
            <gml:Polygon gml:id="kommune.3218.område.1">
              <gml:exterior>
                <gml:LinearRing>
                  <gml:posList>257500 6621000 258416.67 6620998.86 259333.33 6621085.4 260250 6621099.13 261166.67 6621183.89 262083.33 6621024.18 263000 6621066.35 263916.67 6620863.34 264833.33 6620873.4 265750 6621113.7 266666.67 6620871.73 267583.33 6621151.81 268500 6621000 268620.94 6621750 268419.04 6622500 268540.05 6623250 268664.65 6624000 268474.59 6624750 268364.1 6625500 268355.55 6626250 268673.11 6627000 268369.44 6627750 268362.91 6628500 268680.99 6629250 268500 6630000 267583.33 6630018.49 266666.67 6629875.16 265750 6630113.67 264833.33 6629905.77 263916.67 6630003.53 263000 6629947.96 262083.33 6629880.4 261166.67 6629933.94 260250 6629800.02 259333.33 6630121.79 258416.67 6630144.82 257500 6630000 257321.94 6629250 257365.68 6628500 257515.28 6627750 257437.24 6627000 257425.67 6626250 257319.85 6625500 257535.79 6624750 257442.75 6624000 257305.35 6623250 257688.2 6622500 257657.14 6621750 257500 6621000</gml:posList>
                </gml:LinearRing>
              </gml:exterior>
            </gml:Polygon>
          </gml:surfaceMember>
        </gml:MultiSurface>
      </app:område>
      <app:kommunenummer>3218</app:kommunenummer>
      <app:kommunenavn>Ås</app:kommunenavn>
      <app:samiskForvaltningsområde>false</app:samiskForvaltningsområde>
    </app:Kommune>
  </wfs:member>
</wfs:FeatureCollection>
