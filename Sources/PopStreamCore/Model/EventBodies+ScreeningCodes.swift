// The screening conditions key each event's `screenings` dictionary: looked up about fifteen times per
// event between decoding and the engine. Like `IndicatorID`, they hash a one-byte position instead of
// their raw strings (the standard library's default for String-backed enums). Equality is unchanged and
// hash values are never persisted (Hasher is seeded per process).

extension PrenatalCondition {
    /// Hashes the case's position, not its raw string.
    public func hash(into hasher: inout Hasher) {
        let position: UInt8 = switch self {
        case .downSyndrome: 0
        case .edwardsSyndrome: 1
        case .patauSyndrome: 2
        case .thalassemia: 3
        }
        hasher.combine(position)
    }
}

extension NewbornCondition {
    /// Hashes the case's position, not its raw string.
    public func hash(into hasher: inout Hasher) {
        let position: UInt8 = switch self {
        case .congenitalHypothyroidism: 0
        case .g6pdDeficiency: 1
        case .congenitalAdrenalHyperplasia: 2
        case .hearingLoss: 3
        case .congenitalHeartDisease: 4
        }
        hasher.combine(position)
    }
}
