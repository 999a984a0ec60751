/// The registry's areas as dense integers with their precomputed ancestor chains, for the engine's
/// packed keys (immutable, shared by reference between the engine and its batches).
final class EngineAreaIndex: Sendable {
    let codes: [String]
    let indexByCode: [String: Int32]
    /// For each area index: itself and its ancestors, nearest first.
    let chains: [[Int32]]

    init(registry: AreaRegistry) {
        let codes = registry.areas.map(\.code)
        var index: [String: Int32] = [:]
        index.reserveCapacity(codes.count)
        for (position, code) in codes.enumerated() { index[code] = Int32(position) }
        self.codes = codes
        self.indexByCode = index
        self.chains = codes.map { code in registry.selfAndAncestors(of: code).compactMap { index[$0] } }
    }
}
