import Foundation

/// One alert message as one output line of `popstream alerts tail`: the JSON exactly as published when it
/// is on one line already (the workers' messages are), else re-written compactly (keys sorted); nil for a value that is
/// not a JSON object.
enum AlertLine {
    static func make(_ value: [UInt8]) -> String? {
        let data = Data(value)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: []), object is [String: Any] else {
            return nil
        }
        if !value.contains(UInt8(ascii: "\n")) && !value.contains(UInt8(ascii: "\r")),
           let text = String(validating: value, as: UTF8.self) {
            return text.trimmingCharacters(in: .whitespaces)
        }
        guard let compact = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return nil
        }
        return String(decoding: compact, as: UTF8.self)
    }
}
