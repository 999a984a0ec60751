/// One line of an events file (`popstream validate`, `popstream publish`): `<json>` or `<key>\t<json>`.
///
/// A line whose first character other than space or tab is `{` is a JSON value without a key. Otherwise the
/// bytes before the first tab are the Kafka key and the rest is the JSON value; a line with neither is taken
/// as a JSON value (and will usually be rejected as `invalid_json`). A trailing CR is dropped (CRLF files).
public struct EventLine {
    /// The Kafka key, or `nil` for a line without one.
    public var key: ArraySlice<UInt8>?
    /// The event value.
    public var json: ArraySlice<UInt8>

    /// True for a line of nothing but spaces, tabs and a CR: such lines are skipped.
    public static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Splits a non-blank line (without its `\n`).
    public init(_ line: ArraySlice<UInt8>) {
        var line = line
        if line.last == 0x0D { line = line.dropLast() }
        let firstVisible = line.first { $0 != 0x20 && $0 != 0x09 }
        if firstVisible != UInt8(ascii: "{"), let tab = line.firstIndex(of: 0x09) {
            key = line[line.startIndex..<tab]
            json = line[(tab + 1)...]
        } else {
            key = nil
            json = line
        }
    }

    /// The lines of a file's contents with their 1-based numbers (a final `\n` does not start a new line).
    public static func lines(of contents: [UInt8]) -> [(number: Int, text: ArraySlice<UInt8>)] {
        var lines: [(Int, ArraySlice<UInt8>)] = []
        var start = contents.startIndex
        var number = 1
        while start < contents.endIndex {
            let end = contents[start...].firstIndex(of: 0x0A) ?? contents.endIndex
            lines.append((number, contents[start..<end]))
            number += 1
            start = end + 1
        }
        return lines
    }
}
