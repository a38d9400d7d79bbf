import Fetch
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test("ids above 2^53 and other numbers keep their literal text")
    func numbersVerbatim() throws {
        let value = try parse(#"{"id":26774514888887982,"merge_cc":988066229627404,"alt":-1.5965052107349,"e":1.0E+2,"z":0}"#)
        #expect(value["id"] == .number("26774514888887982"))
        #expect(value["id"]?.int64Value == 26_774_514_888_887_982)
        #expect(value["merge_cc"]?.int64Value == 988_066_229_627_404)
        #expect(value["alt"] == .number("-1.5965052107349"))
        #expect(value["e"]?.serialized() == "1.0E+2")
        #expect(value["e"]?.int64Value == 100)
        #expect(value.serialized() == #"{"id":26774514888887982,"merge_cc":988066229627404,"alt":-1.5965052107349,"e":1.0E+2,"z":0}"#)
    }

    @Test("escapes and surrogate pairs decode; serialization re-escapes")
    func escapes() throws {
        let value = try parse(#"["a\"b\\c\/d\n\t\r\b\f", "\u00e9\u20AC", "\ud83d\ude00", "\ud83d x", "😀 raw"]"#)
        #expect(value[0]?.stringValue == "a\"b\\c/d\n\t\r\u{08}\u{0C}")
        #expect(value[1]?.stringValue == "é€")
        #expect(value[2]?.stringValue == "😀")
        #expect(value[3]?.stringValue == "\u{FFFD} x")
        #expect(value[4]?.stringValue == "😀 raw")
        let again = try JSONParser.parse(Array(value.serialized().utf8))
        #expect(again == value)
        #expect(JSONValue.string("\u{01}\"").serialized() == #""\u0001\"""#)
    }

    @Test("member order is kept and duplicate names resolve to the last")
    func objects() throws {
        let value = try parse(#"{"b":1,"a":[true,false,null],"b":2}"#)
        #expect(value.objectValue?.map(\.name) == ["b", "a", "b"])
        #expect(value["b"] == .number("2"))
        #expect(value["a"]?[2]?.isNull == true)
        #expect(value["a"]?[9] == nil)
        #expect(value["missing"] == nil)
    }

    @Test("typed accessors return nil for the wrong type")
    func wrongTypes() throws {
        let value = try parse(#"{"s":"12","n":12.5,"b":"true","big":123456789012345678901234}"#)
        #expect(value["s"]?.int64Value == nil)
        #expect(value["n"]?.int64Value == nil)
        #expect(value["n"]?.doubleValue == 12.5)
        #expect(value["b"]?.boolValue == nil)
        #expect(value["big"]?.int64Value == nil)
        #expect(value["s"]?.doubleValue == nil)
    }

    @Test("collection elements come with their exact source text")
    func rawElements() throws {
        let text = "{ \"data\" : [ {\"id\" : \"1\",\"x\":1.50} ,{\"id\":\"2\", \"s\":\"\\u00e9\"}\n], \"paging\":{\"next\":\"n\"}}"
        let parsed = try JSONParser.parseCollection(Array(text.utf8))
        #expect(parsed.elements.map(\.raw) == [#"{"id" : "1","x":1.50}"#, #"{"id":"2", "s":"\u00e9"}"#])
        #expect(parsed.elements[1].value["s"]?.stringValue == "é")
        #expect(parsed.document["paging"]?["next"]?.stringValue == "n")
        let nested = try JSONParser.parseCollection(Array(#"{"x":{"data":[1]}}"#.utf8))
        #expect(nested.elements.isEmpty)
    }

    @Test("invalid input throws invalidResponse, never crashes", arguments: [
        "", "   ", "{", "[1,2", "{\"a\":}", "{\"a\" 1}", "[1,]", "01", "-", "1.", "1e", "tru", "nul",
        "\"abc", "\"\\x\"", "\"\\u12\"", "{} x", "[1] [2]", "\"a\u{01}b\"", "<html>429</html>", "{\"a\":1,}", "+1",
    ])
    func invalid(_ text: String) {
        #expect(throws: FetchError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test("invalid UTF-8 and truncated multi-byte sequences are rejected")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x5B, 0xC3, 0xA9, 0x5D]] {
            #expect(throws: FetchError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test("hostile nesting depth is refused with a clear reason")
    func depth() throws {
        let ok = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONParser.parse(Array(ok.utf8)) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser.parse(Array(deep.utf8))
            Issue.record("a 100 000-deep document parsed")
        } catch {
            guard case .invalidResponse(_, let reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(reason.contains("nesting deeper than 64"))
        }
        let objects = String(repeating: "{\"a\":", count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(throws: FetchError.self) { try JSONParser.parse(Array(objects.utf8)) }
    }
}
