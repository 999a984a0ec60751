/// The rule and wording of fenced alert commits, shared by both stores.
enum LeaseFence {
    /// Why a commit under `lease` must be refused, or `nil` when the stored lease is still it.
    static func violation(_ lease: EvaluatorLease, storedHolder: String?, storedEpoch: Int64?) -> String? {
        guard let storedHolder, let storedEpoch else { return "the evaluator lease of \(lease.scope) was never taken" }
        if storedEpoch == lease.epoch && storedHolder == lease.holder { return nil }
        return "the evaluator lease of \(lease.scope) is held by another evaluator (epoch \(storedEpoch), this commit's \(lease.epoch))"
    }
}
