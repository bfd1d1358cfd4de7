<?xml version="1.0" encoding="UTF-8"?>
<!-- SYNTHETIC WFS 2.0 GetFeature page shaped on Matrikkelen-Eiendomskart-Teig; not real parcels. -->
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:app="http://skjema.geonorge.no/SOSI/produktspesifikasjon/Matrikkelen-Eiendomskart-Teig/20211101" timeStamp="2026-11-20T10:00:00Z" numberMatched="unknown" numberReturned="0"></wfs:FeatureCollection>
