// Enums with String raw values hash their raw string by default (the standard library's
// `RawRepresentable` implementation): `"elderly_health_management_coverage"` for every look-up.
// These witnesses hash a small integer instead; equality is unchanged and hash values are never
// persisted (Hasher is seeded per process), so this only makes dictionary keys cheaper.

extension IndicatorID {
    /// Position in `allCases`.
    var ordinal: Int {
        switch self {
        case .prenatalScreeningCoverage: 0
        case .prenatalHighRiskRate: 1
        case .newbornScreeningCoverage: 2
        case .newbornPositiveRate: 3
        case .sexRatioAtBirth: 4
        case .premaritalCheckupCoverage: 5
        case .childMarriageRate: 6
        case .childMarriageCount: 7
        case .consanguineousMarriageRate: 8
        case .consanguineousMarriageCount: 9
        case .elderlyInsuranceCoverage: 10
        case .elderlyHealthManagementCoverage: 11
        case .elderlyAnnualCheckupCoverage: 12
        case .elderlyFullCareCoverage: 13
        }
    }

    /// Hashes the case's position, not its raw string.
    public func hash(into hasher: inout Hasher) { hasher.combine(UInt8(truncatingIfNeeded: ordinal)) }
}

extension EventKind {
    /// Hashes the kind's one-byte code, not its raw string (used by `UnitKey` look-ups on the hot path).
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
