/// RFC 3339 UTC timestamps for alert messages, without Foundation: `2025-03-04T10:00:03Z`
/// (milliseconds added only when the time has a fraction: `2025-03-04T10:00:03.250Z`).
public enum AlertTimestamp {
    /// Formats seconds since 1970-01-01T00:00:00Z (truncated to the millisecond).
    public static func format(epochSeconds: Double) -> String {
        let totalMillis = Int64((epochSeconds * 1000).rounded(.down))
        let millis = Int(((totalMillis % 1000) + 1000) % 1000)
        let seconds = (totalMillis - Int64(millis)) / 1000
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Outside years 1...9999 (not a time a health event carries) the date part falls back to the epoch.
        let datePart = LocalDate(daysSince1970: Int(days))?.description ?? "1970-01-01"
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = datePart + "T"
        text += pad(Int(secondOfDay / 3600), 2) + ":" + pad(Int(secondOfDay % 3600 / 60), 2) + ":" + pad(Int(secondOfDay % 60), 2)
        if millis != 0 { text += "." + pad(millis, 3) }
        return text + "Z"
    }
}
