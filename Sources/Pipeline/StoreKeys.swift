import PopStreamCore
import Store

/// How the domain's keys are written in the store, and read back.
public enum StoreKeys {
    /// The store's key of a unit: its kind and storage key.
    public static func unitKey(_ key: UnitKey) -> UnitRecordKey {
        UnitRecordKey(kind: key.kind.rawValue, unitKey: key.storageKey)
    }

    /// The start of the store keys of every person-year of `subjectId` (elderly units are `subject|year`).
    public static func personYearPrefix(_ subjectId: String) -> String { subjectId + "|" }

    /// The person-year a stored key of `kind` found by ``personYearPrefix(_:)`` stands for, or `nil`.
    public static func personYear(_ record: UnitRecordKey, kind: EventKind, subjectId: String) -> UnitKey? {
        let prefix = personYearPrefix(subjectId)
        guard record.unitKey.hasPrefix(prefix), let year = Int(record.unitKey.dropFirst(prefix.count)) else { return nil }
        return UnitKey(kind: kind, subjectId: subjectId, reportingYear: year)
    }

    /// The store's key of a leaf row on area map `map`.
    public static func leafKey(_ key: LeafKey, map: String) -> LeafCounterKey {
        LeafCounterKey(kind: key.kind.rawValue, map: map, area: key.area, period: key.periodNumber)
    }

    /// The domain's key of a stored leaf row, or `nil` for a kind or period this version does not know.
    public static func leafKey(_ key: LeafCounterKey) -> LeafKey? {
        guard let kind = EventKind(rawValue: key.kind) else { return nil }
        return LeafKey(kind: kind, area: key.area, periodNumber: key.period)
    }
}
