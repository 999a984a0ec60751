import Foundation
import Kafka

/// The lines of a `publish` input, checked: each non-blank line must be a JSON object with a non-empty
/// string `subjectId`, which becomes the Kafka key. Reasons never quote the line (health data).
struct JSONLinePublisherInput {
    struct Accepted {
        var lineNumber: Int
        var key: String
        var value: [UInt8]
    }

    struct Rejected: Equatable {
        var lineNumber: Int
        var reason: String
    }

    var accepted: [Accepted] = []
    var rejected: [Rejected] = []

    init(data: Data) {
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            examine(Data(line), lineNumber: index + 1)
        }
    }

    private mutating func examine(_ line: Data, lineNumber: Int) {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: line, options: [])
        } catch {
            rejected.append(Rejected(lineNumber: lineNumber, reason: "not valid JSON"))
            return
        }
        guard let dictionary = object as? [String: Any] else {
            rejected.append(Rejected(lineNumber: lineNumber, reason: "not a JSON object"))
            return
        }
        guard let subject = dictionary["subjectId"] else {
            rejected.append(Rejected(lineNumber: lineNumber, reason: "missing subjectId"))
            return
        }
        guard let subjectId = subject as? String else {
            rejected.append(Rejected(lineNumber: lineNumber, reason: "subjectId is not a string"))
            return
        }
        guard !subjectId.isEmpty else {
            rejected.append(Rejected(lineNumber: lineNumber, reason: "subjectId is empty"))
            return
        }
        accepted.append(Accepted(lineNumber: lineNumber, key: subjectId, value: Array(line)))
    }
}
