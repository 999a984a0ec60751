import Kafka
import Pipeline
import Store

/// A commit window closed by the consume loop, ready for ``WindowCommitter``.
struct ClosedWindow: Sendable {
    /// The window; the committer turns it into its store transaction (``CommitWindowBuilder/commit()``:
    /// states serialized, leaf rows listed), off the consume loop.
    var window: CommitWindowBuilder
    /// Its rejected events, delivered before the transaction.
    var deadLetters: [KafkaProducerMessage]
    /// Messages consumed into the window.
    var messages: Int
    /// When its first message arrived.
    var openedAt: ContinuousClock.Instant
}

/// Why a window did not commit.
enum CommitFailure: Error, Sendable, CustomStringConvertible {
    /// Another owner claimed a partition (or wrote a unit) since this instance claimed it: the window
    /// is dropped and the partitions are taken back only through a new assignment.
    case fenced(String)
    /// The store or the dead-letter topic kept failing.
    case failed(String)

    var description: String {
        switch self {
        case .fenced(let message): "fenced: \(message)"
        case .failed(let message): message
        }
    }
}
