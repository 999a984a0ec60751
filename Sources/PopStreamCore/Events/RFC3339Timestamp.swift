/// Parses RFC 3339 timestamps with an offset: `2025-03-04T10:00:03Z`, `2025-03-04T17:00:03.250+07:00`.
///
/// `T`/`t` separate date and time, `Z`/`z` or `±HH:MM` give the offset, fractional seconds are optional
/// (any number of digits), second 60 (a leap second) is accepted and counts as the next second.
enum RFC3339Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z, or `nil` when the text is not a real RFC 3339 instant.
    static func epochSeconds(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard text.count >= 20, text[10] | 0x20 == UInt8(ascii: "t"), text[13] == UInt8(ascii: ":"),
              text[16] == UInt8(ascii: ":"),
              let date = LocalDate(utf8: UnsafeBufferPointer(rebasing: text[0..<10])),
              let hour = digits(text, 11, 2), let minute = digits(text, 14, 2), let second = digits(text, 17, 2),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if text[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let firstDigit = index
            while index < text.count, let digit = digits(text, index, 1) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > firstDigit else { return nil }
        }
        guard index < text.count else { return nil }
        var offsetSeconds = 0
        if text[index] | 0x20 == UInt8(ascii: "z") {
            index += 1
        } else {
            let sign = text[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), index + 6 == text.count,
                  text[index + 3] == UInt8(ascii: ":"),
                  let offsetHour = digits(text, index + 1, 2), let offsetMinute = digits(text, index + 4, 2),
                  offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offsetSeconds = (offsetHour * 3600 + offsetMinute * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        }
        guard index == text.count else { return nil }
        let seconds = date.daysSince1970 * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Double(seconds) + fraction
    }

    /// The decimal value of `count` ASCII digits at `start`, or `nil`.
    private static func digits(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= text.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
