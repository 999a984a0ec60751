import PopStreamCore

/// What a run published: messages per kind, per category and bad ones per reason.
struct SimulationSummary: Sendable, Equatable {
    private(set) var total = 0
    private(set) var perKind: [EventKind: Int] = [:]
    private(set) var newUnits = 0
    private(set) var revisions = 0
    private(set) var retractions = 0
    private(set) var duplicates = 0
    private(set) var staleCopies = 0
    private(set) var badPerReason: [DeadLetterReason: Int] = [:]
    /// Messages whose delivery failed (counted by the command).
    var failedDeliveries = 0

    /// Counts one message handed to Kafka.
    mutating func count(_ message: SimulatedMessage) {
        total += 1
        perKind[message.kind, default: 0] += 1
        switch message.category {
        case .newUnit: newUnits += 1
        case .revision: revisions += 1
        case .retraction: retractions += 1
        case .duplicate: duplicates += 1
        case .stale: staleCopies += 1
        case .bad(let reason): badPerReason[reason, default: 0] += 1
        }
    }

    /// Bad messages, all reasons together.
    var bad: Int { badPerReason.values.reduce(0, +) }

    /// The summary as printed at the end of `popstream simulate`.
    func lines(seconds: Double) -> [String] {
        let rounded = (seconds * 10).rounded() / 10
        var lines = ["simulate: published \(total) events in \(rounded) s"
            + (failedDeliveries > 0 ? ", \(failedDeliveries) deliveries failed" : "")]
        lines.append("  per kind: " + EventKind.allCases.map { "\($0.rawValue) \(perKind[$0] ?? 0)" }.joined(separator: ", "))
        lines.append("  new units \(newUnits), revisions \(revisions), retractions \(retractions), "
            + "duplicates \(duplicates), stale copies \(staleCopies), bad \(bad)")
        let reasons = DeadLetterReason.allCases.map { "\($0.rawValue) \(badPerReason[$0] ?? 0)" }
        lines.append("  bad per reason: " + reasons.joined(separator: ", "))
        return lines
    }
}
