/// An image's position as the CSV writes it: the `longitude` and `latitude` texts, kept verbatim so an
/// export's coordinates are exactly the CSV's, and their values.
public struct ExportPosition: Sendable, Equatable {
    /// The longitude as written (a JSON number).
    public let longitudeText: String
    /// The latitude as written (a JSON number).
    public let latitudeText: String
    /// The longitude in degrees.
    public let longitude: Double
    /// The latitude in degrees.
    public let latitude: Double

    /// The position of a row, nil unless both texts are JSON numbers within ±180° and ±90°.
    /// - Parameters:
    ///   - longitude: The `longitude` column's text.
    ///   - latitude: The `latitude` column's text.
    public init?(longitude: String, latitude: String) {
        guard ColumnType.isJSONNumber(longitude), ColumnType.isJSONNumber(latitude),
              let lon = Double(longitude), let lat = Double(latitude),
              lon.isFinite, lat.isFinite, abs(lon) <= 180, abs(lat) <= 90
        else { return nil }
        longitudeText = longitude
        latitudeText = latitude
        self.longitude = lon
        self.latitude = lat
    }
}
