/// A fixed list of UTF-8 names (field names, enum spellings) found by their bytes without building a `String`.
///
/// The decoder looks up every member key and every enumerated value of an event here, a few dozen times per
/// event: one probe of a small open-addressing index hashed on the name's length and its first and last bytes,
/// then one comparison, where a scan of the list compared against each name in turn.
struct ByteStringTable: Sendable {
    /// Names a table can hold (positions fit the index's `UInt8` entries).
    static let maximumCount = 255

    /// Every name's bytes, one after another.
    private let storage: [UInt8]
    /// Where each name starts in `storage`, then where the last one ends (`count + 1` entries).
    private let offsets: [Int]
    /// Position + 1 of the name hashed to each slot (linear probing); 0 for an empty slot.
    private let index: [UInt8]
    /// `index.count - 1` (a power of two minus one).
    private let mask: Int
    /// The number of names.
    let count: Int

    /// A table of `names`, in order: ``position(of:)`` answers positions in this list (the first, should a
    /// name be listed twice).
    init(_ names: [String]) {
        precondition(names.count <= Self.maximumCount, "a byte string table holds at most \(Self.maximumCount) names")
        var storage: [UInt8] = []
        var offsets: [Int] = [0]
        for name in names {
            storage.append(contentsOf: name.utf8)
            offsets.append(storage.count)
        }
        var size = 8
        while size < 4 * names.count { size *= 2 }
        var index = [UInt8](repeating: 0, count: size)
        for position in names.indices {
            let bytes = Array(names[position].utf8)
            var slot = bytes.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while index[slot] != 0 { slot = (slot + 1) & (size - 1) }
            index[slot] = UInt8(position + 1)
        }
        self.storage = storage
        self.offsets = offsets
        self.index = index
        self.mask = size - 1
        self.count = names.count
    }

    /// The position of the name spelled by `bytes`, or `nil` when the table does not have it.
    @inline(__always)
    func position(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(bytes) & mask
        while true {
            let entry = Int(index[slot])
            if entry == 0 { return nil }
            let position = entry - 1
            if matches(bytes, at: position) { return position }
            slot = (slot + 1) & mask
        }
    }

    /// Whether the name at `position` is spelled `bytes`.
    @inline(__always)
    private func matches(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        let start = offsets[position]
        guard offsets[position + 1] - start == bytes.count else { return false }
        return storage.withUnsafeBytes { names in
            guard let name = names.baseAddress, let candidate = UnsafeRawPointer(bytes.baseAddress) else { return bytes.isEmpty }
            // Eight bytes at a time, then the rest.
            var offset = 0
            while offset + 8 <= bytes.count {
                if name.loadUnaligned(fromByteOffset: start + offset, as: UInt64.self)
                    != candidate.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
                offset += 8
            }
            while offset < bytes.count {
                if names[start + offset] != bytes[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// Mixes the length and the first and last bytes (Fibonacci hashing); the table masks the low bits.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = UInt32(truncatingIfNeeded: bytes.count)
        let first = bytes.isEmpty ? 0 : UInt32(bytes[0])
        let last = bytes.isEmpty ? 0 : UInt32(bytes[bytes.count - 1])
        let key = count << 16 | first << 8 | last
        return Int((key &* 0x9E37_79B1) >> 20)
    }
}
