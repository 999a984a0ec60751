/// A small RFC 4180 reader for the registry files: comma-separated fields, `"` quoting with `""` for a quote,
/// quoted fields may hold commas and line breaks. A leading byte-order mark and CRLF line ends are tolerated.
struct CSVRecordReader {
    /// One record and the 1-based line on which it starts.
    struct Record {
        var fields: [String]
        var line: Int
        /// True for an empty line (nothing but a line end).
        var isBlank: Bool { fields.count == 1 && fields[0].isEmpty }
    }

    /// A quoted field that never ends, or stray characters around quotes.
    struct SyntaxError: Error {
        var line: Int
        var message: String
    }

    private enum FieldState { case start, unquoted, quoted, afterQuote }

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1

    init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
    }

    /// The next record, or `nil` at the end of the text.
    mutating func next() throws(SyntaxError) -> Record? {
        guard position < scalars.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var state = FieldState.start
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if state == .quoted {
                if scalar == "\"" {
                    if position < scalars.count, scalars[position] == "\"" {
                        field.append("\"")
                        position += 1
                    } else {
                        state = .afterQuote
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                state = .start
            case "\r" where position < scalars.count && scalars[position] == "\n":
                continue
            case "\n":
                line += 1
                fields.append(String(field))
                return Record(fields: fields, line: startLine)
            case "\"" where state == .start:
                state = .quoted
            default:
                guard state != .afterQuote else {
                    throw SyntaxError(line: line, message: "characters after the closing quote of a field")
                }
                guard scalar != "\"" else {
                    throw SyntaxError(line: line, message: "quote inside an unquoted field")
                }
                field.append(scalar)
                state = .unquoted
            }
        }
        if state == .quoted { throw SyntaxError(line: startLine, message: "quoted field not closed") }
        if state != .afterQuote, field.last == "\r" { field.removeLast() }
        fields.append(String(field))
        return Record(fields: fields, line: startLine)
    }
}
