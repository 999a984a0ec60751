/// A parsed JSON document: the tape of nodes and the bytes they point into.
///
/// It borrows the caller's buffer: use it only while that buffer is alive (inside the decoder's call).
struct JSONDocument {
    let bytes: UnsafeBufferPointer<UInt8>
    let nodes: [JSONNode]

    /// Index of the top-level value.
    var root: Int { 0 }

    @inline(__always)
    func kind(_ node: Int) -> JSONNode.Kind { nodes[node].kind }

    // MARK: Containers

    /// The (key, value) node indices of an object's members, in document order.
    func members(of object: Int) -> Members { Members(nodes: nodes, cursor: object + 1, remaining: nodes[object].count) }

    /// The element node indices of an array, in document order.
    func elements(of array: Int) -> Elements { Elements(nodes: nodes, cursor: array + 1, remaining: nodes[array].count) }

    struct Members: Sequence, IteratorProtocol {
        let nodes: [JSONNode]
        var cursor: Int
        var remaining: Int

        mutating func next() -> (key: Int, value: Int)? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let key = cursor
            cursor = nodes[key + 1].next
            return (key, key + 1)
        }
    }

    struct Elements: Sequence, IteratorProtocol {
        let nodes: [JSONNode]
        var cursor: Int
        var remaining: Int

        mutating func next() -> Int? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let element = cursor
            cursor = nodes[element].next
            return element
        }
    }

    // MARK: Scalars

    /// The boolean value, or `nil` when the node is not `true`/`false`.
    func bool(_ node: Int) -> Bool? {
        switch nodes[node].kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// The value of an integer written without fraction or exponent that fits in `Int`, else `nil`.
    func integer(_ node: Int) -> Int? {
        let value = nodes[node]
        guard value.kind == .number, value.flag else { return nil }
        var index = value.start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var result = 0
        while index < value.end {
            let digit = Int(bytes[index] &- UInt8(ascii: "0"))
            let (shifted, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? shifted.subtractingReportingOverflow(digit)
                                            : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            result = sum
            index += 1
        }
        return result
    }

    /// True for a number node with a fraction or exponent part (`1.0`, `1e3`).
    func isNonIntegerNumber(_ node: Int) -> Bool { nodes[node].kind == .number && !nodes[node].flag }

    // MARK: Strings

    /// The raw UTF-8 bytes between the quotes (escapes not decoded).
    func rawBytes(_ node: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[nodes[node].start..<nodes[node].end])
    }

    /// Calls `body` with the decoded UTF-8 bytes of a string node (no copy when it has no escapes).
    func withStringBytes<R>(_ node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard nodes[node].flag else { return body(rawBytes(node)) }
        let decoded = unescaped(node)
        return decoded.withUnsafeBufferPointer(body)
    }

    /// The decoded string value.
    func string(_ node: Int) -> String {
        withStringBytes(node) { String(decoding: $0, as: UTF8.self) }
    }

    /// Number of Unicode scalars of the decoded string.
    func scalarCount(_ node: Int) -> Int {
        withStringBytes(node) { buffer in
            var count = 0
            for byte in buffer where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// True when the decoded string equals `literal` (UTF-8 bytes).
    func stringEquals(_ node: Int, _ literal: [UInt8]) -> Bool {
        withStringBytes(node) { JSONDocument.bytesEqual($0, literal) }
    }

    /// The position in `table` of the name equal to the decoded string, or `nil`.
    func indexOfString(_ node: Int, in table: ByteStringTable) -> Int? {
        withStringBytes(node) { table.position(of: $0) }
    }

    /// True when two string nodes decode to the same text.
    func stringsEqual(_ first: Int, _ second: Int) -> Bool {
        withStringBytes(first) { a in withStringBytes(second) { b in JSONDocument.bytesEqual(a, b) } }
    }

    @inline(__always)
    static func bytesEqual(_ buffer: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8]) -> Bool {
        guard buffer.count == bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { bytesEqual(buffer, $0) }
    }

    @inline(__always)
    static func bytesEqual(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        var index = 0
        while index < first.count {
            if first[index] != second[index] { return false }
            index += 1
        }
        return true
    }

    /// Decodes the escapes of a string node into UTF-8 bytes (the parser has validated them).
    func unescaped(_ node: Int) -> [UInt8] {
        let value = nodes[node]
        var output: [UInt8] = []
        output.reserveCapacity(value.end - value.start)
        var index = value.start
        while index < value.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = JSONDocument.hex4(bytes, at: index) ?? 0xFFFD
                index += 4
                if (0xD800...0xDBFF).contains(scalar), let low = JSONDocument.hex4(bytes, at: index + 2) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                appendUTF8(scalar, to: &output)
            default: output.append(escape)
            }
        }
        return output
    }

    private func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        output.append(contentsOf: UTF8.encode(value).map { Array($0) } ?? [])
    }

    /// The value of four hex digits at `index`, or `nil`.
    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
