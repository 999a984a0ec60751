/// A strict, allocation-light JSON parser over UTF-8 bytes producing a flat tape of `JSONNode`s.
///
/// Full RFC 8259 grammar: objects, arrays, strings with every escape (including `\u` surrogate pairs; a lone
/// surrogate is an error), numbers, literals; invalid UTF-8, control characters in strings, trailing bytes and
/// nesting deeper than `maximumDepth` are errors. Duplicate object keys are legal JSON and kept: callers that
/// look members up (`ObjectFields`) judge them.
struct JSONParser {
    /// Containers nested deeper than this are rejected.
    static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private(set) var nodes: [JSONNode] = []

    /// Parses the whole buffer as one JSON value (surrounding whitespace allowed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONDocument {
        var parser = JSONParser(bytes: bytes)
        parser.nodes.reserveCapacity(48)
        try parser.parseDocument()
        return JSONDocument(bytes: bytes, nodes: parser.nodes)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func parseDocument() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < bytes.count else { throw fail("empty input") }
        try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected characters after the value") }
    }

    private func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, message: message) }

    @inline(__always)
    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) {
        guard position < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true", .true)
        case UInt8(ascii: "f"): try parseLiteral("false", .false)
        case UInt8(ascii: "n"): try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        default: throw fail("unexpected character")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ kind: JSONNode.Kind) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        guard position + length <= bytes.count else { throw fail("invalid literal") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
        for index in 0..<length where bytes[position + index] != expected[index] {
            throw fail("invalid literal")
        }
        nodes.append(JSONNode(kind: kind, flag: false, start: position, end: position + length, count: 0,
                              next: nodes.count + 1))
        position += length
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) {
        guard depth <= JSONParser.maximumDepth else { throw fail("nesting deeper than \(JSONParser.maximumDepth)") }
        let index = nodes.count
        nodes.append(JSONNode(kind: .object, flag: false, start: position, end: position, count: 0, next: 0))
        position += 1
        skipWhitespace()
        var count = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw fail("expected a string key")
                }
                try parseString()
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                position += 1
                skipWhitespace()
                try parseValue(depth: depth)
                count += 1
                skipWhitespace()
                guard position < bytes.count else { throw fail("unexpected end of input in an object") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                guard bytes[position] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                position += 1
                break
            }
        }
        nodes[index].count = count
        nodes[index].end = position
        nodes[index].next = nodes.count
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) {
        guard depth <= JSONParser.maximumDepth else { throw fail("nesting deeper than \(JSONParser.maximumDepth)") }
        let index = nodes.count
        nodes.append(JSONNode(kind: .array, flag: false, start: position, end: position, count: 0, next: 0))
        position += 1
        skipWhitespace()
        var count = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                try parseValue(depth: depth)
                count += 1
                skipWhitespace()
                guard position < bytes.count else { throw fail("unexpected end of input in an array") }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                guard bytes[position] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                position += 1
                break
            }
        }
        nodes[index].count = count
        nodes[index].end = position
        nodes[index].next = nodes.count
    }

    private mutating func parseNumber() throws(JSONSyntaxError) {
        let start = position
        var integer = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            integer = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            integer = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("invalid number") }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        nodes.append(JSONNode(kind: .number, flag: integer, start: start, end: position, count: 0,
                              next: nodes.count + 1))
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func parseString() throws(JSONSyntaxError) {
        let start = position + 1
        var index = start
        var escaped = false
        while true {
            index = JSONParser.skipPlainASCII(bytes, from: index)
            guard index < bytes.count else {
                position = index
                throw fail("unterminated string")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index = try escapeEnd(at: index)
            } else if byte < 0x20 {
                position = index
                throw fail("control character in a string")
            } else if byte < 0x80 {
                index += 1
            } else {
                index = try utf8SequenceEnd(at: index)
            }
        }
        nodes.append(JSONNode(kind: .string, flag: escaped, start: start, end: index, count: 0, next: nodes.count + 1))
        position = index + 1
    }

    /// Skips, eight bytes at a time, string bytes that need no attention: printable ASCII other than `"` and `\`.
    @inline(__always)
    private static func skipPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | (word &- ones &* 0x20) | word
            if special & highs != 0 { break }
            index += 8
        }
        return index
    }

    /// Checks the escape at `index` (a backslash) and returns the index after it.
    private mutating func escapeEnd(at index: Int) throws(JSONSyntaxError) -> Int {
        guard index + 1 < bytes.count else {
            position = index
            throw fail("unterminated string")
        }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            guard let unit = hex4(at: index + 2) else {
                position = index
                throw fail("invalid \\u escape")
            }
            switch unit {
            case 0xD800...0xDBFF:
                guard index + 11 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"),
                      bytes[index + 7] == UInt8(ascii: "u"), let low = hex4(at: index + 8), (0xDC00...0xDFFF).contains(low)
                else {
                    position = index
                    throw fail("unpaired surrogate in a \\u escape")
                }
                return index + 12
            case 0xDC00...0xDFFF:
                position = index
                throw fail("unpaired surrogate in a \\u escape")
            default:
                return index + 6
            }
        default:
            position = index
            throw fail("invalid escape")
        }
    }

    /// The 16-bit value of four hex digits at `index`, or `nil`.
    private func hex4(at index: Int) -> UInt32? { JSONDocument.hex4(bytes, at: index) }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
    private mutating func utf8SequenceEnd(at index: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default:
            position = index
            throw fail("invalid UTF-8")
        }
        guard index + length <= bytes.count else {
            position = index
            throw fail("invalid UTF-8")
        }
        let second = bytes[index + 1]
        guard second >= low, second <= high else {
            position = index
            throw fail("invalid UTF-8")
        }
        var next = index + 2
        while next < index + length {
            guard bytes[next] & 0xC0 == 0x80 else {
                position = index
                throw fail("invalid UTF-8")
            }
            next += 1
        }
        return next
    }
}
