import Store

/// How a worker gets the partitions of its topic.
public enum PartitionAssignment: String, Sendable, CaseIterable {
    /// A consumer group member: the group spreads the partitions over the instances of `--group`, and moves
    /// them when instances join, leave or die (after the dead one's session). For a shared store (PostgreSQL).
    case group
    /// Every partition of the topic, assigned by hand, without group membership: for a store only one
    /// instance writes (SQLite). A restart takes the partitions back at once (no session to wait for), and
    /// a second instance on the same store fences the first, which stops (exit 1).
    case wholeTopic = "whole-topic"

    /// The assignment a store calls for: SQLite is one instance's file (`docs/operations.md`, "Scale"), so
    /// its worker takes the whole topic; PostgreSQL is shared by the instances of a group.
    public static func `default`(for store: StoreURL) -> PartitionAssignment {
        switch store {
        case .sqlite: .wholeTopic
        case .postgres: .group
        }
    }
}
