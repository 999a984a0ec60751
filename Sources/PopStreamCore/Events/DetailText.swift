/// Helpers that keep rejection details short and safe to put in a Kafka header or a log line.
enum DetailText {
    /// Longest echoed value, in Unicode scalars.
    static let maximumEchoLength = 40

    /// `value` in double quotes, truncated to 40 scalars (with `…`), control characters replaced by `?`,
    /// quotes and backslashes escaped.
    static func quoted(_ value: String) -> String { "\"" + sanitized(value) + "\"" }

    /// `value` with an indefinite article, sanitised like `quoted` but without quotes: `a district`,
    /// `an island`. For names taken from reference data (an area level), not from the event.
    static func withArticle(_ value: String) -> String {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "A", "E", "I", "O", "U"]
        let article = value.first.map { vowels.contains($0) } == true ? "an" : "a"
        return article + " " + sanitized(value)
    }

    /// `value` truncated to 40 scalars (with `…`), control characters replaced by `?`, quotes and
    /// backslashes escaped.
    private static func sanitized(_ value: String) -> String {
        var result = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == maximumEchoLength {
                result += "…"
                break
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator {
                    result += "?"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return result
    }

    /// `a, b or c`.
    static func alternatives(_ names: [String]) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }
}
