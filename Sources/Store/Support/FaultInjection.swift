/// A test hook called after each stage of a commit, inside the transaction. Throwing from it
/// simulates a crash between two statements. Production code never sets it.
typealias FaultInjection = @Sendable (CommitStage) throws -> Void
