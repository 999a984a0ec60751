/// The digests of the last events a unit applied, oldest first: at most ``capacity``, kept inline.
///
/// A unit's state is read, applied, copied into commit windows and written for every event; holding the
/// digests in the value itself (instead of an array) spares each state a heap allocation and each copy a
/// reference count. Slots past `count` are always zero, so equality and hashing see only the digests.
public struct AppliedEventDigests: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    /// How many digests a unit remembers.
    public static let capacity = 4

    private var first: UInt64 = 0
    private var second: UInt64 = 0
    private var third: UInt64 = 0
    private var fourth: UInt64 = 0
    /// How many of the slots hold a digest.
    public private(set) var count = 0

    /// No digest.
    public init() {}

    /// The last ``capacity`` digests of `digests`, in their order.
    public init(_ digests: some Sequence<EventIdDigest>) {
        for digest in digests { append(digest) }
    }

    /// The last ``capacity`` of the listed digests, in their order.
    public init(arrayLiteral digests: EventIdDigest...) {
        self.init(digests)
    }

    /// The oldest digest's position: 0.
    public var startIndex: Int { 0 }
    /// One past the most recent digest's position: `count`.
    public var endIndex: Int { count }

    /// The digest at `position`, from 0 (the oldest) to `count - 1` (the most recent).
    public subscript(position: Int) -> EventIdDigest {
        precondition(position >= 0 && position < count, "AppliedEventDigests index out of range")
        return EventIdDigest(value: slot(position))
    }

    /// Adds `digest` as the most recent one; when full, the oldest is forgotten.
    public mutating func append(_ digest: EventIdDigest) {
        if count == Self.capacity {
            (first, second, third) = (second, third, fourth)
            fourth = digest.value
        } else {
            setSlot(count, digest.value)
            count += 1
        }
    }

    /// Whether `digest` is among the remembered ones.
    public func contains(_ digest: EventIdDigest) -> Bool {
        let value = digest.value
        switch count {
        case 0: return false
        case 1: return first == value
        case 2: return first == value || second == value
        case 3: return first == value || second == value || third == value
        default: return first == value || second == value || third == value || fourth == value
        }
    }

    private func slot(_ index: Int) -> UInt64 {
        switch index {
        case 0: first
        case 1: second
        case 2: third
        default: fourth
        }
    }

    private mutating func setSlot(_ index: Int, _ value: UInt64) {
        switch index {
        case 0: first = value
        case 1: second = value
        case 2: third = value
        default: fourth = value
        }
    }
}

extension AppliedEventDigests: Codable {
    /// Encoded as the array of digests, oldest first.
    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }

    /// Decodes an array of digests, keeping the last ``capacity``.
    public init(from decoder: any Decoder) throws {
        self.init(try [EventIdDigest](from: decoder))
    }
}
