import Fetch

extension FuzzTarget {
    static func runJSON(_ bytes: [UInt8]) {
        guard let (document, elements) = try? JSONParser.parseCollection(bytes) else { return }
        let records: [(JSONValue, String)] = elements.isEmpty ? [(document, "")] : elements.map { ($0.value, $0.raw) }
        for (value, raw) in records {
            guard let image = try? MapillaryImage(json: value, raw: raw) else { continue }
            _ = (image.sequence, image.capturedAt, image.isPanorama, image.coordinate, image.width, image.height,
                 image.make, image.model, image.thumbnailURL(.original))
        }
        _ = document.serialized()
    }

    static func runGeoJSON(_ bytes: [UInt8]) {
        guard let polygon = try? GeoPolygon(geoJSON: bytes, path: "fuzz.geojson") else { return }
        let box = polygon.boundingBox
        let centre = ((box.minLon + box.maxLon) / 2, (box.minLat + box.maxLat) / 2)
        _ = polygon.contains(lon: centre.0, lat: centre.1)
        _ = polygon.intersects(box)
        for quadrant in box.quadrants() { _ = polygon.intersects(quadrant) }
    }

    static func runTile(_ bytes: [UInt8]) {
        guard let tile = try? VectorTile.decode(bytes) else { return }
        let coordinate = TileCoordinate(z: TileCoordinate.imageZoom, x: 8802, y: 5373)
        _ = TileCoverage.read(tile, at: coordinate, includeFlat: bytes.count % 2 == 0,
                              near: { _, _ in true }, inside: { lon, lat in lon.isFinite && lat.isFinite })
    }
}
