/// Compares secrets without returning early, so the answer's timing does not tell how much of a guessed
/// token was right.
enum ConstantTimeComparison {
    /// Whether `lhs` and `rhs` hold the same bytes; the time depends only on the longer length.
    static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        let left = Array(lhs), right = Array(rhs)
        var difference: UInt8 = left.count == right.count ? 0 : 1
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
