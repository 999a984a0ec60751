/// A 64-bit digest of an `eventId` (FNV-1a over its UTF-8 bytes): what a unit's state remembers of the
/// events it applied, 8 bytes instead of up to 128 characters.
///
/// The digest only tells a redelivered event (`duplicate`) from an older revision (`stale`); both
/// change nothing, so a collision (about one in 10^19 per pair) could at worst count one event under
/// the wrong outcome, never change a figure. Stable across processes and versions (unlike `Hasher`).
public struct EventIdDigest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The digest bits.
    public let value: UInt64

    /// The digest of `eventId`.
    public init(_ eventId: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in eventId.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        value = hash
    }

    /// A digest read back from storage.
    public init(value: UInt64) { self.value = value }

    /// The digest in hexadecimal.
    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
