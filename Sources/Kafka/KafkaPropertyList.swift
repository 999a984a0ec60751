import Foundation

/// librdkafka properties given as one comma-separated text (an environment variable such as
/// `POPSTREAM_KAFKA_CONFIG`), where values may hold commas themselves (`debug=cgrp,fetch`).
public enum KafkaPropertyList {
    /// The `KEY=VALUE` items of `text`: an item without `=` continues the previous value, so that
    /// `security.protocol=ssl,debug=cgrp,fetch` is two properties. Blank items are dropped; an item without
    /// `=` at the start stays as it is (the caller reports it as not `KEY=VALUE`).
    public static func items(_ text: String) -> [String] {
        var merged: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            if !item.contains("="), let last = merged.popLast() {
                merged.append(item.isEmpty ? last : last + "," + item)
            } else if !item.isEmpty {
                merged.append(item)
            }
        }
        return merged
    }
}
