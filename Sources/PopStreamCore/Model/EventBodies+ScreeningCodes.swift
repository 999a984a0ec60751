// The screening vocabularies numbered by their place in `allCases`: `ScreeningResults` keeps an event's results in
// a table by these positions. Conditions also hash their one-byte position instead of their raw strings (the
// standard library's default for String-backed enums); equality is unchanged and hash values are never persisted
// (Hasher is seeded per process).

extension PrenatalCondition: ScreeningCode {
    public var position: Int {
        switch self {
        case .downSyndrome: 0
        case .edwardsSyndrome: 1
        case .patauSyndrome: 2
        case .thalassemia: 3
        }
    }

    public init?(position: Int) {
        switch position {
        case 0: self = .downSyndrome
        case 1: self = .edwardsSyndrome
        case 2: self = .patauSyndrome
        case 3: self = .thalassemia
        default: return nil
        }
    }

    /// Hashes the case's position, not its raw string.
    public func hash(into hasher: inout Hasher) { hasher.combine(UInt8(position)) }
}

extension PrenatalResult: ScreeningCode {
    public var position: Int {
        switch self {
        case .lowRisk: 0
        case .highRisk: 1
        case .notScreened: 2
        }
    }

    public init?(position: Int) {
        switch position {
        case 0: self = .lowRisk
        case 1: self = .highRisk
        case 2: self = .notScreened
        default: return nil
        }
    }
}

extension NewbornCondition: ScreeningCode {
    public var position: Int {
        switch self {
        case .congenitalHypothyroidism: 0
        case .g6pdDeficiency: 1
        case .congenitalAdrenalHyperplasia: 2
        case .hearingLoss: 3
        case .congenitalHeartDisease: 4
        }
    }

    public init?(position: Int) {
        switch position {
        case 0: self = .congenitalHypothyroidism
        case 1: self = .g6pdDeficiency
        case 2: self = .congenitalAdrenalHyperplasia
        case 3: self = .hearingLoss
        case 4: self = .congenitalHeartDisease
        default: return nil
        }
    }

    /// Hashes the case's position, not its raw string.
    public func hash(into hasher: inout Hasher) { hasher.combine(UInt8(position)) }
}

extension NewbornResult: ScreeningCode {
    public var position: Int {
        switch self {
        case .negative: 0
        case .positive: 1
        case .notScreened: 2
        }
    }

    public init?(position: Int) {
        switch position {
        case 0: self = .negative
        case 1: self = .positive
        case 2: self = .notScreened
        default: return nil
        }
    }
}
