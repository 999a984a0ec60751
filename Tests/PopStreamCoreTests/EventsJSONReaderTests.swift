import Testing
@testable import PopStreamCore

/// The JSON reader under the decoder: a valid and an invalid corpus, strings, numbers, limits.
@Suite struct EventsJSONReaderTests {
    func parse(_ bytes: [UInt8]) -> Result<[JSONNode.Kind], JSONSyntaxError> {
        bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) in try JSONParser.parse(buffer).nodes.map(\.kind) }
        }
    }

    func parse(_ text: String) -> Result<[JSONNode.Kind], JSONSyntaxError> { parse(Array(text.utf8)) }

    func withDocument<R>(_ text: String, _ body: (JSONDocument) throws -> R) throws -> R {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in try body(try JSONParser.parse(buffer)) }
    }

    static let valid = [
        "{}", "[]", "0", "-0", "1", "-1", "12.5e-3", "1E+2", "0.0", "true", "false", "null", "\"\"", " \t\r\n{ } \n",
        #"{"a":[1,2,{"b":null}],"c":"d"}"#, #"[[[[[]]]]]"#, #""\u00e9\ud83d\ude00\n\t\\\/\"\b\f\r""#,
        "\"Việt Nam\"", #"{"a":1,"a":2}"#, "123456789012345678901234567890", #"["\u0000"]"#,
    ]

    static let invalid: [(String, [UInt8])] = [
        ("empty", []), ("blank", Array("  ".utf8)), ("open object", Array("{".utf8)), ("open array", Array("[1,".utf8)),
        ("trailing comma object", Array(#"{"a":1,}"#.utf8)), ("trailing comma array", Array("[1,]".utf8)),
        ("missing colon", Array(#"{"a" 1}"#.utf8)), ("unquoted key", Array("{a:1}".utf8)),
        ("single quotes", Array("{'a':1}".utf8)), ("leading zero", Array("01".utf8)), ("plus sign", Array("+1".utf8)),
        ("dot only", Array("1.".utf8)), ("exponent only", Array("1e".utf8)), ("leading dot", Array(".5".utf8)),
        ("NaN", Array("NaN".utf8)), ("Infinity", Array("-Infinity".utf8)), ("hex", Array("0x10".utf8)),
        ("bad literal", Array("tru".utf8)), ("capital literal", Array("True".utf8)),
        ("two values", Array("{} {}".utf8)), ("trailing garbage", Array("{}x".utf8)),
        ("comment", Array("{} // c".utf8)), ("unterminated string", Array("\"abc".utf8)),
        ("raw newline in string", Array("\"a\nb\"".utf8)), ("raw tab in string", Array("\"a\tb\"".utf8)),
        ("bad escape", Array(#""\x""#.utf8)), ("short unicode escape", Array(#""\u12""#.utf8)),
        ("non-hex unicode escape", Array(#""\u12G4""#.utf8)), ("lone high surrogate", Array(#""\ud83d""#.utf8)),
        ("high surrogate then text", Array(#""\ud83dabcdef""#.utf8)), ("lone low surrogate", Array(#""\ude00""#.utf8)),
        ("reversed surrogates", Array(#""\ude00\ud83d""#.utf8)),
        ("invalid UTF-8 byte", [0x22, 0xFF, 0x22]), ("continuation without lead", [0x22, 0x80, 0x22]),
        ("overlong slash", [0x22, 0xC0, 0xAF, 0x22]), ("overlong 3-byte", [0x22, 0xE0, 0x80, 0xAF, 0x22]),
        ("UTF-16 surrogate in UTF-8", [0x22, 0xED, 0xA0, 0x80, 0x22]), ("above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
        ("truncated sequence", [0x22, 0xE1, 0x80, 0x22]), ("truncated at end", [0x22, 0xE1]),
        ("byte order mark", [0xEF, 0xBB, 0xBF] + Array("{}".utf8)), ("control byte outside string", [0x7B, 0x01, 0x7D]),
        ("UTF-16 input", [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]),
    ]

    @Test(arguments: valid)
    func validJSONParses(text: String) {
        if case .failure(let error) = parse(text) { Issue.record("\(text): \(error)") }
    }

    @Test(arguments: invalid.map(\.0))
    func invalidJSONIsRejected(name: String) {
        let bytes = Self.invalid.first { $0.0 == name }?.1 ?? []
        guard case .failure = parse(bytes) else { Issue.record("\(name) parsed"); return }
    }

    @Test func depthLimit() {
        let deepest = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        let tooDeep = "[" + deepest + "]"
        #expect((try? parse(deepest).get()) != nil)
        guard case .failure(let error) = parse(tooDeep) else { Issue.record("too deep parsed"); return }
        #expect(error.message == "nesting deeper than 64")
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect((try? parse(objects).get()) == nil)
    }

    @Test func errorsCarryTheByteOffset() {
        guard case .failure(let error) = parse(#"{"a":1,"b":x}"#) else { Issue.record("parsed"); return }
        #expect(error.offset == 11)
        #expect(error.message == "unexpected character")
    }

    @Test func tapeStructure() throws {
        try withDocument(#"{"a":[1,{"b":2}],"c":"d"}"#) { document in
            #expect(document.nodes.map(\.kind) == [.object, .string, .array, .number, .object, .string, .number, .string, .string])
            let members = Array(document.members(of: 0))
            #expect(members.count == 2)
            #expect(document.string(members[0].key) == "a" && document.string(members[1].key) == "c")
            #expect(Array(document.elements(of: members[0].value)).count == 2)
            #expect(document.string(members[1].value) == "d")
        }
    }

    @Test func stringsDecodeEscapes() throws {
        try withDocument(#""a\"b\\c\/d\b\f\n\r\t\u00e9\u1EC7\ud83d\ude00""#) { document in
            #expect(document.string(0) == "a\"b\\c/d\u{8}\u{C}\n\r\té\u{1EC7}😀")
            #expect(document.scalarCount(0) == 15)
        }
        try withDocument("\"Việt Nam\"") { document in
            #expect(document.string(0) == "Việt Nam")
            #expect(document.scalarCount(0) == 8)
        }
    }

    @Test func longPlainStringsUseTheFastPath() throws {
        let text = String(repeating: "abcdefgh", count: 20) + "é" + String(repeating: "x", count: 13)
        try withDocument("\"\(text)\"") { document in #expect(document.string(0) == text) }
        for position in 0..<24 {
            var bytes = Array(("\"" + String(repeating: "a", count: 24) + "\"").utf8)
            bytes[1 + position] = 0x1F
            #expect((try? parse(bytes).get()) == nil, "control byte at \(position)")
        }
    }

    @Test func integers() throws {
        try withDocument("[0,-0,42,-42,9223372036854775807,-9223372036854775808,9223372036854775808,1.0,1e2]") { document in
            let values = document.elements(of: 0).map { document.integer($0) }
            #expect(values == [0, 0, 42, -42, Int.max, Int.min, nil, nil, nil])
            #expect(document.isNonIntegerNumber(8) && document.isNonIntegerNumber(9) && !document.isNonIntegerNumber(7))
        }
    }

    @Test func invalidJSONDetailNamesTheByte() {
        #expect(rejection(Array(#"{"a":tru}"#.utf8), kind: .newbornScreening)
                == EventRejection(.invalidJSON, "at byte 5: invalid literal"))
        #expect(rejection([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], kind: .newbornScreening)
                == EventRejection(.invalidJSON, "at byte 2: invalid UTF-8"))
    }
}
