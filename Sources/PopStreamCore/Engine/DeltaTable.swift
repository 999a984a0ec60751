/// The open-addressing hash table behind `DeltaBatch`: packed 64-bit slot keys to a row of 11 Int32
/// lanes (units, then numerator and denominator of up to five indicators), with a cheap multiplicative
/// hash, linear probing, at most half full, and the list of used positions for fast iteration and
/// clearing. No strings and no allocation on the hot path (only when it grows).
///
/// Lanes are 32-bit to halve the memory a batch touches; `DeltaBatch` spills to 64-bit sums long
/// before a lane could overflow (`maxContributions`).
struct DeltaTable: Sendable {
    /// Contributions (each adding at most 15 per lane) a table takes before it must be spilled:
    /// 2^26 * 15 < 2^31.
    static let maxContributions = 1 << 26
    static let lanes = 1 + 2 * IndicatorID.maxPerKind
    /// Marks an occupied key (real keys never use bit 63).
    static let occupied: UInt64 = 1 << 63

    /// Open-addressing slots: the marked key (0 = empty) and, alongside, the row's dense position.
    private var keys: [UInt64]
    private var positions: [Int32]
    /// Row lanes, densely in insertion order: row `r` at `r * lanes ..< (r + 1) * lanes`.
    private var values: [Int32]
    /// The open-addressing slot of every row, in insertion order (sized to the maximum load).
    private var rowSlots: [Int32]
    private(set) var count = 0
    private var shift: UInt64

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        positions = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size / 2 * Self.lanes)
        rowSlots = Array(repeating: 0, count: size / 2)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Adds `lanes` to the row `row | period` for every row prefix of `rows` (kind and area already
    /// packed) and every period code of `periods`.
    mutating func add(rows: [UInt64], periods: (count: Int, codes: (UInt32, UInt32, UInt32)),
                      lanes: UnsafeBufferPointer<Int32>) {
        let needed = rows.count * periods.count
        while (count + needed) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        let shift = self.shift
        var count = self.count
        keys.withUnsafeMutableBufferPointer { keys in
            positions.withUnsafeMutableBufferPointer { positions in
                values.withUnsafeMutableBufferPointer { values in
                    rowSlots.withUnsafeMutableBufferPointer { rowSlots in
                        for row in rows {
                            for period in 0..<periods.count {
                                let code = period == 0 ? periods.codes.0 : (period == 1 ? periods.codes.1 : periods.codes.2)
                                let marked = row | UInt64(code) | Self.occupied
                                var index = Int(truncatingIfNeeded: (marked &* 0x9E37_79B9_7F4A_7C15) >> shift)
                                var position = 0
                                while true {
                                    let found = keys[index]
                                    if found == marked {
                                        position = Int(positions[index])
                                        break
                                    }
                                    if found == 0 {
                                        keys[index] = marked
                                        positions[index] = Int32(truncatingIfNeeded: count)
                                        rowSlots[count] = Int32(truncatingIfNeeded: index)
                                        position = count
                                        count += 1
                                        break
                                    }
                                    index = (index + 1) & mask
                                }
                                let base = position * Self.lanes
                                for lane in 0..<lanes.count { values[base + lane] &+= lanes[lane] }
                            }
                        }
                    }
                }
            }
        }
        self.count = count
    }

    /// Calls `body` with the key and lanes of every row, in insertion order.
    func forEachRow(_ body: (UInt64, UnsafeBufferPointer<Int32>) throws -> Void) rethrows {
        try values.withUnsafeBufferPointer { values in
            for row in 0..<count {
                try body(keys[Int(rowSlots[row])] & ~Self.occupied,
                         UnsafeBufferPointer(rebasing: values[(row * Self.lanes)..<((row + 1) * Self.lanes)]))
            }
        }
    }

    /// Empties the table, keeping its storage.
    mutating func removeAll() {
        for row in 0..<count { keys[Int(rowSlots[row])] = 0 }
        values.withUnsafeMutableBufferPointer { values in
            for lane in 0..<(count * Self.lanes) { values[lane] = 0 }
        }
        count = 0
    }

    private mutating func grow() {
        var bigger = DeltaTable(capacity: keys.count)
        forEachRow { key, lanes in bigger.add(rows: [key], periods: (1, (0, 0, 0)), lanes: lanes) }
        self = bigger
    }
}
