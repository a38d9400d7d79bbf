/// One member of a JSON object: a name and its value, kept in document order.
///
/// Objects are stored as arrays of fields rather than dictionaries so that the order of the API's
/// answer is preserved (the CSV flattens fields in a stable order) and duplicate names are not lost.
public struct JSONField: Sendable, Equatable {
    /// The member name, unescaped.
    public var name: String
    /// The member value.
    public var value: JSONValue

    /// Creates a field.
    /// - Parameters:
    ///   - name: The member name.
    ///   - value: The member value.
    public init(name: String, value: JSONValue) {
        self.name = name
        self.value = value
    }
}
