/// A pixel size.
struct Size: Equatable, Sendable {
    var width: Int
    var height: Int
}
