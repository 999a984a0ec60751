/// Writes the JSON arrays of numbers and strings that SQLite's `json_each` expands inside one
/// statement: a window's thousands of rows are bound as one text value instead of one statement
/// execution each. No Foundation, no intermediate strings per value.
struct JSONArrayWriter {
    private(set) var bytes: [UInt8] = [UInt8(ascii: "[")]
    private var needsComma = false

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// The array of `values`, sorted (one order whatever the set's).
    static func strings(_ values: some Collection<String>) -> String {
        var writer = JSONArrayWriter(capacity: values.count * 12)
        for value in values.sorted() { writer.appendString(value) }
        return writer.text()
    }

    /// Appends one array of integers as an element, e.g. `[202503,7,1,0]`.
    mutating func appendRow(_ values: some Sequence<Int64>) {
        separate()
        bytes.append(UInt8(ascii: "["))
        var first = true
        for value in values {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            appendInteger(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends one string element, escaped per RFC 8259.
    mutating func appendString(_ text: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The finished array as text.
    func text() -> String {
        var closed = bytes
        closed.append(UInt8(ascii: "]"))
        return String(decoding: closed, as: UTF8.self)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    private mutating func appendInteger(_ value: Int64) {
        if value == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        bytes[start...].reverse()
    }
}
