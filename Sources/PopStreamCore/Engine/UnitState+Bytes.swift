/// The compact binary form of `UnitState` for the store (a few dozen bytes, no Foundation).
///
/// Layout, version 3: `0x03`, varint revision, flags byte (bit 0 retracted, bit 1 has contribution),
/// varint digest count then each applied event id's digest as 8 bytes little-endian (version 1 kept
/// the ids themselves); when there is a contribution: kind byte
/// (0 prenatal, 1 newborn, 2 premarital, 3 elderly), varint length + UTF-8 area code, varint year,
/// month byte (0 = yearly only), varint packed counts, varint length + UTF-8 area map id (version 2 had
/// no map id: its contributions read with an empty one, the map the deployment had then).
extension UnitState {
    static let formatVersion: UInt8 = 3

    /// The state as bytes (see the type's layout note).
    public func serialized() -> [UInt8] {
        var writer = UnitStateWriter()
        writer.bytes.reserveCapacity(32 + 8 * appliedEvents.count)
        writer.byte(Self.formatVersion)
        writer.varint(UInt64(max(revision, 0)))
        writer.byte((retracted ? 1 : 0) | (contribution == nil ? 0 : 2))
        writer.varint(UInt64(appliedEvents.count))
        for digest in appliedEvents { writer.fixed64(digest.value) }
        if let contribution {
            writer.byte(contribution.kind.code)
            writer.string(contribution.areaCode)
            writer.varint(UInt64(max(contribution.year, 0)))
            writer.byte(UInt8(contribution.month ?? 0))
            writer.varint(contribution.packedCounts)
            writer.string(contribution.map)
        }
        return writer.bytes
    }

    /// Reads the form `serialized()` writes.
    public init(serialized bytes: [UInt8]) throws(UnitStateDecodingError) {
        var reader = UnitStateReader(bytes: bytes)
        let version = try reader.byte()
        guard version == Self.formatVersion || version == 2 else { throw UnitStateDecodingError("unknown format version") }
        let revision = Int(try reader.varint(max: UInt64(Int.max)))
        let flags = try reader.byte()
        let idCount = Int(try reader.varint(max: 1_000))
        var digests = AppliedEventDigests()   // the last ones, should a state hold more than a unit remembers
        for _ in 0..<idCount { digests.append(EventIdDigest(value: try reader.fixed64())) }
        var contribution: Contribution?
        if flags & 2 != 0 {
            guard let kind = EventKind(code: try reader.byte()) else { throw UnitStateDecodingError("unknown kind") }
            let area = try reader.string()
            let year = Int(try reader.varint(max: 9999))
            let month = try reader.byte()
            guard month <= 12 else { throw UnitStateDecodingError("invalid month") }
            let packed = try reader.varint(max: UInt64.max)
            let map = version >= 3 ? try reader.string() : ""
            contribution = Contribution(kind: kind, areaCode: area, map: map, year: year, month: month == 0 ? nil : Int(month),
                                        packedCounts: packed)
        }
        guard reader.isAtEnd else { throw UnitStateDecodingError("trailing bytes") }
        self.init(revision: revision, appliedEvents: digests, retracted: flags & 1 != 0, contribution: contribution)
    }
}

/// Bytes that are not a serialised `UnitState`.
public struct UnitStateDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the bytes.
    public let message: String
    init(_ message: String) { self.message = message }
    /// `invalid unit state: message`.
    public var description: String { "invalid unit state: \(message)" }
}

extension EventKind {
    /// One-byte code of the kind in compact serialisations.
    var code: UInt8 {
        switch self {
        case .prenatalScreening: 0
        case .newbornScreening: 1
        case .premaritalCheckup: 2
        case .elderlyRecord: 3
        }
    }

    init?(code: UInt8) {
        switch code {
        case 0: self = .prenatalScreening
        case 1: self = .newbornScreening
        case 2: self = .premaritalCheckup
        case 3: self = .elderlyRecord
        default: return nil
        }
    }
}

struct UnitStateWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func string(_ text: String) {
        varint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

struct UnitStateReader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func byte() throws(UnitStateDecodingError) -> UInt8 {
        guard position < bytes.count else { throw UnitStateDecodingError("truncated") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint(max: UInt64) throws(UnitStateDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw UnitStateDecodingError("varint too long") }
            let part = UInt64(next & 0x7F)
            guard shift == 0 || part >> (64 - shift) == 0 else { throw UnitStateDecodingError("varint overflow") }
            value |= part << shift
            if next & 0x80 == 0 { break }
            shift += 7
        }
        guard value <= max else { throw UnitStateDecodingError("value out of range") }
        return value
    }

    mutating func fixed64() throws(UnitStateDecodingError) -> UInt64 {
        guard bytes.count - position >= 8 else { throw UnitStateDecodingError("truncated digest") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[position + index]) << UInt64(8 * index) }
        position += 8
        return value
    }

    mutating func string() throws(UnitStateDecodingError) -> String {
        let length = Int(try varint(max: 1 << 20))
        guard bytes.count - position >= length else { throw UnitStateDecodingError("truncated string") }
        let text = String(decoding: bytes[position..<(position + length)], as: UTF8.self)
        position += length
        return text
    }
}
