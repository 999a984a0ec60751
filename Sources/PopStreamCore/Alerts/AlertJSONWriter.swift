/// A minimal compact JSON writer with a fixed key order, for deterministic alert bytes.
struct AlertJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init() { bytes.reserveCapacity(768) }

    mutating func beginObject() {
        separator()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func key(_ name: String) {
        separator()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ text: String) {
        separator()
        quoted(text)
        needsComma = true
    }

    mutating func integer(_ value: Int64) {
        separator()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// A finite number in Swift's shortest round-trip form (`61.4`, `70.0`); `null` for nil or non-finite.
    mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return null() }
        separator()
        bytes.append(contentsOf: value.description.utf8)
        needsComma = true
    }

    /// An effective target as `{"comparator","value"}`, or `null`.
    mutating func target(_ target: EffectiveTarget?) {
        guard let target else { return null() }
        beginObject()
        key("comparator"); string(target.comparator.rawValue)
        key("value"); number(target.value)
        endObject()
    }

    mutating func bool(_ value: Bool) {
        separator()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// An array of strings.
    mutating func strings(_ texts: [String]) {
        separator()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for text in texts { string(text) }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func null() {
        separator()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
