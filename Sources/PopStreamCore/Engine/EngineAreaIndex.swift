/// The registry's areas as dense integers with their precomputed ancestor chains, for the engine's
/// packed keys (immutable, shared by reference between the engine and its batches).
final class EngineAreaIndex: Sendable {
    let codes: [String]
    let indexByCode: [String: Int32]
    /// For each area index: itself and its ancestors, nearest first.
    let chains: [[Int32]]
    /// Per kind code, per area index: the packed row prefixes (kind and area bits) of its chain.
    let rowPrefixes: [[[UInt64]]]
    /// Per kind code, per area index: the packed row prefix of the area alone (leaf rows).
    let leafPrefixes: [[[UInt64]]]

    init(registry: AreaRegistry) {
        let codes = registry.areas.map(\.code)
        var index: [String: Int32] = [:]
        index.reserveCapacity(codes.count)
        for (position, code) in codes.enumerated() { index[code] = Int32(position) }
        self.codes = codes
        self.indexByCode = index
        let chains = codes.map { code in registry.selfAndAncestors(of: code).compactMap { index[$0] } }
        self.chains = chains
        let rowPrefixes = EventKind.allCases.map { kind in
            chains.map { chain in chain.map { UInt64(kind.code) << 56 | UInt64(UInt32(bitPattern: $0)) << 24 } }
        }
        self.rowPrefixes = rowPrefixes
        self.leafPrefixes = rowPrefixes.map { perArea in perArea.map { Array($0.prefix(1)) } }
    }
}
