/// A plan: targets set by one authority on one area.
public struct TargetPlan: Hashable, Sendable {
    /// The plan id (non-empty), unique in the file by convention.
    public let id: String
    /// Free text (may be empty).
    public let title: String
    /// The area code the plan's targets are set on (they apply to its descendants too).
    public let area: String
    /// At most one target per indicator.
    public let targets: [IndicatorTarget]

    /// A plan, checked like one read from a targets file; its area is checked against the registry by
    /// `TargetSet`.
    ///
    /// - Throws: `TargetsError` for an empty id or area, or an indicator targeted twice in the plan.
    public init(id: String, title: String, area: String, targets: [IndicatorTarget]) throws(TargetsError) {
        try TargetRules.checkPlan(id: id, area: area, targets: targets)
        self.id = id
        self.title = title
        self.area = area
        self.targets = targets
    }
}
