/// The stored state of one tracked unit (pregnancy, birth, couple or person-year).
///
/// A retracted unit stays as a tombstone (its revision kept, no contribution) so that a late event
/// with a lower revision is still `stale`.
public struct UnitState: Hashable, Sendable, Codable {
    /// How many applied event ids a state remembers (most recent last).
    public static let rememberedEventIds = AppliedEventDigests.capacity

    /// The highest revision applied.
    public var revision: Int
    /// Digests of the ids of the last applied events, oldest first, at most `rememberedEventIds`: a
    /// redelivered event whose id is here is a `duplicate`; any other event at or below `revision` is
    /// `stale`. Digests, not the ids, so that a stored state stays a few dozen bytes.
    public var appliedEvents: AppliedEventDigests
    /// True when the latest applied revision is a retraction.
    public var retracted: Bool
    /// What the unit adds to the counters; `nil` when retracted.
    public var contribution: Contribution?

    /// A state (normally built by `IndicatorEngine.apply`).
    public init(revision: Int, appliedEvents: AppliedEventDigests, retracted: Bool, contribution: Contribution?) {
        self.revision = revision
        self.appliedEvents = appliedEvents
        self.retracted = retracted
        self.contribution = contribution
    }

    /// True when the event with this id is among the last applied ones.
    public func hasApplied(eventId: String) -> Bool { appliedEvents.contains(EventIdDigest(eventId)) }

    /// True when the unit is counted (not retracted, with a contribution).
    public var isLive: Bool { contribution != nil }
}
