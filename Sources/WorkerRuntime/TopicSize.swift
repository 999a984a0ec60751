import Synchronization

/// The latest partition count seen of a topic, written by ``WholeTopicAssigner/watch(_:every:)`` and read by
/// the consume loop at each turn.
final class TopicSize: Sendable {
    private let value: Atomic<Int>

    init(_ count: Int) { value = Atomic(count) }

    /// The latest count seen.
    var count: Int { value.load(ordering: .relaxed) }

    /// Records `count` if it is larger than the one recorded.
    func grow(to count: Int) { value.max(count, ordering: .relaxed) }
}
