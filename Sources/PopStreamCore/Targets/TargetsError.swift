/// A targets file that cannot be used; the message names the plan, the indicator and what is wrong.
public struct TargetsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The plan's id (or `plans[i]` when it has none), if the problem is inside a plan.
    public let plan: String?
    /// The indicator as written, if the problem is inside a target.
    public let indicator: String?
    /// What is wrong.
    public let message: String

    /// An error about a plan and indicator (either may be absent).
    public init(plan: String? = nil, indicator: String? = nil, message: String) {
        self.plan = plan
        self.indicator = indicator
        self.message = message
    }

    /// `targets: plan P, indicator I: message`.
    public var description: String {
        var text = "targets"
        if let plan { text += ": plan \(plan)" }
        if let indicator { text += (plan == nil ? ": " : ", ") + "indicator \(indicator)" }
        return text + ": " + message
    }
}

extension TargetsError {
    /// This error located in plan `plan` (an error that already names a plan keeps it).
    func inPlan(_ plan: String) -> TargetsError {
        TargetsError(plan: self.plan ?? plan, indicator: indicator, message: message)
    }
}
