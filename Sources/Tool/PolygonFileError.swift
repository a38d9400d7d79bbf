/// A `--polygon` file that cannot be used: missing, unreadable or not a GeoJSON polygon. A local file
/// error (exit 3), not a usage error.
struct PolygonFileError: Error {
    /// The sentence naming the file and the reason.
    var message: String
}
