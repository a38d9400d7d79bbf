/// A hand-written, total JSON parser over raw bytes.
///
/// "Total" means every input either parses or throws ``FetchError/invalidResponse(url:reason:)``:
/// invalid UTF-8, unescaped control characters, truncated input, trailing garbage and nesting deeper
/// than ``maximumDepth`` are all reported as errors, never as a crash. Numbers keep their literal text
/// (see ``JSONValue/number(_:)``), so ids above 2^53 survive exactly.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted; deeper input is rejected (a hostile body
    /// cannot exhaust the stack).
    public static let maximumDepth = 64

    /// One element of a top-level `data` array, with its exact source text.
    public struct Element: Sendable, Equatable {
        /// The parsed element.
        public let value: JSONValue
        /// The element's bytes exactly as received (valid UTF-8), for a byte-faithful `raw_json`.
        public let raw: String
    }

    /// Parses a complete JSON document.
    /// - Parameter bytes: The document, UTF-8 encoded (a leading byte-order mark is ignored).
    /// - Returns: The parsed value.
    /// - Throws: ``FetchError/invalidResponse(url:reason:)`` (with an empty URL) describing the first
    ///   problem and its byte offset.
    public static func parse(_ bytes: [UInt8]) throws(FetchError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, recordData: false)
        return try reader.document()
    }

    /// Parses a document and returns, when it is an object with a `data` array (the Graph API's
    /// collection wrapper), each element of that array together with its exact source text.
    /// - Parameter bytes: The document, UTF-8 encoded.
    /// - Returns: The whole document and the `data` elements (empty when there is no `data` array).
    /// - Throws: ``FetchError/invalidResponse(url:reason:)`` as ``parse(_:)`` does.
    public static func parseCollection(_ bytes: [UInt8]) throws(FetchError) -> (document: JSONValue, elements: [Element]) {
        var reader = JSONReader(bytes: bytes, recordData: true)
        let document = try reader.document()
        guard case .array(let items)? = document["data"], items.count == reader.dataRanges.count else {
            return (document, [])
        }
        var elements: [Element] = []
        elements.reserveCapacity(items.count)
        for (item, range) in zip(items, reader.dataRanges) {
            elements.append(Element(value: item, raw: String(decoding: bytes[range], as: UTF8.self)))
        }
        return (document, elements)
    }

    /// The document's source text with surrounding whitespace removed (for single-object answers).
    static func trimmedText(_ bytes: [UInt8]) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        var start = bytes.startIndex
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// The recursive-descent reader behind ``JSONParser``.
struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    let recordData: Bool
    /// Byte ranges of the elements of the top-level object's `data` array (last `data` wins).
    var dataRanges: [Range<Int>] = []

    init(bytes: [UInt8], recordData: Bool) {
        self.bytes = bytes
        self.recordData = recordData
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    mutating func document() throws(FetchError) -> JSONValue {
        skipSpace()
        if index >= bytes.count { throw fail(bytes.isEmpty ? "the body is empty" : "the body holds only whitespace") }
        let value = try parseValue(depth: 0)
        skipSpace()
        if index < bytes.count { throw fail("unexpected \(describe(bytes[index])) after the JSON value") }
        return value
    }

    private func fail(_ reason: String) -> FetchError {
        .invalidResponse(url: "", reason: "invalid JSON at byte \(index): \(reason)")
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(FetchError) -> JSONValue {
        guard index < bytes.count else { throw fail("the input ends where a value was expected (truncated body)") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1, record: false)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected \(describe(bytes[index])) where a value was expected")
        }
    }

    private mutating func literal(_ word: StaticString) throws(FetchError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("the input ends inside a literal (truncated body)") }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw fail("unknown literal (expected \(word))") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(FetchError) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else {
            throw fail("nesting deeper than \(JSONParser.maximumDepth) levels")
        }
        index += 1
        var fields: [JSONField] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(fields)
        }
        while true {
            skipSpace()
            guard index < bytes.count else { throw fail("the input ends inside an object (truncated body)") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name, found \(describe(bytes[index]))") }
            let name = try parseString()
            skipSpace()
            guard index < bytes.count else { throw fail("the input ends inside an object (truncated body)") }
            guard bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a member name, found \(describe(bytes[index]))") }
            index += 1
            skipSpace()
            let value: JSONValue
            if recordData, depth == 1, name == "data", index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                dataRanges = []
                value = try parseArray(depth: depth + 1, record: true)
            } else {
                value = try parseValue(depth: depth)
            }
            fields.append(JSONField(name: name, value: value))
            skipSpace()
            guard index < bytes.count else { throw fail("the input ends inside an object (truncated body)") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(fields)
            default: throw fail("expected ',' or '}' in an object, found \(describe(bytes[index]))")
            }
        }
    }

    private mutating func parseArray(depth: Int, record: Bool) throws(FetchError) -> JSONValue {
        guard depth <= JSONParser.maximumDepth else {
            throw fail("nesting deeper than \(JSONParser.maximumDepth) levels")
        }
        index += 1
        var items: [JSONValue] = []
        var ranges: [Range<Int>] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            if record { dataRanges = [] }
            return .array(items)
        }
        while true {
            skipSpace()
            let start = index
            items.append(try parseValue(depth: depth))
            if record { ranges.append(start..<index) }
            skipSpace()
            guard index < bytes.count else { throw fail("the input ends inside an array (truncated body)") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                if record { dataRanges = ranges }
                return .array(items)
            default: throw fail("expected ',' or ']' in an array, found \(describe(bytes[index]))")
            }
        }
    }

    private mutating func parseNumber() throws(FetchError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw fail("the input ends inside a number (truncated body)") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw fail("a number needs a digit after '-'")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a number needs digits after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a number needs digits in its exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func parseString() throws(FetchError) -> String {
        index += 1
        var buffer: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw fail("the input ends inside a string (truncated body)") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                buffer.append(contentsOf: bytes[runStart..<index])
                index += 1
                break
            }
            if byte < 0x20 { throw fail("unescaped control character 0x\(String(byte, radix: 16, uppercase: true)) in a string") }
            if byte == UInt8(ascii: "\\") {
                buffer.append(contentsOf: bytes[runStart..<index])
                try parseEscape(into: &buffer)
                runStart = index
                continue
            }
            index += 1
        }
        guard let text = String(validating: buffer, as: UTF8.self) else {
            throw fail("a string is not valid UTF-8")
        }
        return text
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(FetchError) {
        index += 1
        guard index < bytes.count else { throw fail("the input ends inside an escape (truncated body)") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by `\uDC00`–`\uDFFF`; a lone one becomes U+FFFD.
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let save = index
                    index += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    } else {
                        index = save
                        scalarValue = 0xFFFD
                    }
                } else {
                    scalarValue = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(unit) {
                scalarValue = 0xFFFD
            }
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            index -= 1
            throw fail("invalid escape \\\(describe(byte))")
        }
    }

    private mutating func hex4() throws(FetchError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw fail("the input ends inside a \\u escape (truncated body)") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("\\u needs four hexadecimal digits")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
