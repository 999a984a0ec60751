import PopStreamCore
import Store

/// How the domain's keys are written in the store, and read back.
public enum StoreKeys {
    /// The store's key of a unit: its kind and storage key.
    public static func unitKey(_ key: UnitKey) -> UnitRecordKey {
        UnitRecordKey(kind: key.kind.rawValue, unitKey: key.storageKey)
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
