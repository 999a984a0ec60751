/// The parts of a commit, in the order they are written. Tests inject failures between them.
enum CommitStage: String, Sendable, CaseIterable {
    case counters
    case units
    case offsets
    case alerts
    case outbox
}
