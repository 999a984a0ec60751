/// A closed vocabulary of a screening, its conditions or its results, numbered by each case's place in `allCases`.
public protocol ScreeningCode: CaseIterable, Hashable, Sendable {
    /// The case's place in `allCases`: 0 for the first.
    var position: Int { get }
    /// The case at `position` of `allCases`, `nil` outside them.
    init?(position: Int)
}

/// The result of each condition of one screening event: at most one result per condition, in a fixed table by the
/// condition's position.
///
/// Every decoded event carries one. A dictionary cost an allocation and a hash per condition for each event; this
/// is one 64-bit word: no allocation, no reference counting, the same value semantics. It reads like a dictionary
/// (subscript by condition, `count`, `values`, iteration as `(key, value)` pairs, dictionary literals), always
/// in the order of the conditions' `allCases`. Conditions must number at most eight.
public struct ScreeningResults<Condition: ScreeningCode, Result: ScreeningCode>: Hashable, Sendable {
    /// Byte `i` is 0 when condition `i` has no result, else its result's position + 1.
    private var packed: UInt64 = 0

    /// No condition has a result.
    public init() {}

    /// The results of `results`.
    public init(_ results: [Condition: Result]) {
        for (condition, result) in results { self[condition] = result }
    }

    /// The result of `condition`, `nil` when it has none; setting `nil` removes it.
    public subscript(condition: Condition) -> Result? {
        get { result(at: condition.position) }
        set { setResult(newValue?.position, at: condition.position) }
    }

    /// The number of conditions with a result.
    public var count: Int {
        var count = 0
        var rest = packed
        while rest != 0 {
            if rest & 0xFF != 0 { count += 1 }
            rest >>= 8
        }
        return count
    }

    /// True when no condition has a result.
    public var isEmpty: Bool { packed == 0 }

    /// The results, in the order of the conditions.
    public var values: LazyMapSequence<Self, Result> { lazy.map(\.value) }

    /// The result at condition position `position`.
    @inline(__always)
    func result(at position: Int) -> Result? {
        let code = Int(truncatingIfNeeded: (packed >> UInt64(8 * position)) & 0xFF)
        return code == 0 ? nil : Result(position: code - 1)
    }

    /// Sets the result of the condition at `position` to the result at `resultPosition` (`nil`: none).
    @inline(__always)
    mutating func setResult(_ resultPosition: Int?, at position: Int) {
        precondition(position >= 0 && position < 8, "a screening has at most eight conditions")
        let shift = UInt64(8 * position)
        packed &= ~(0xFF << shift)
        if let resultPosition { packed |= UInt64(truncatingIfNeeded: resultPosition + 1) << shift }
    }
}

extension ScreeningResults: Sequence {
    /// The conditions with a result and their results, in the order of the conditions.
    public struct Iterator: IteratorProtocol {
        let results: ScreeningResults
        var position = 0

        public mutating func next() -> (key: Condition, value: Result)? {
            while position < 8 {
                defer { position += 1 }
                if let result = results.result(at: position), let condition = Condition(position: position) {
                    return (condition, result)
                }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(results: self) }
}

extension ScreeningResults: ExpressibleByDictionaryLiteral {
    /// The results listed (a condition listed twice keeps its last result).
    public init(dictionaryLiteral elements: (Condition, Result)...) {
        for (condition, result) in elements { self[condition] = result }
    }
}

extension ScreeningResults: CustomStringConvertible {
    /// `[condition: result, ...]`, each code as it describes itself (the enums: their case names).
    public var description: String {
        isEmpty ? "[:]" : "[" + map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}

/// The four prenatal conditions' results.
public typealias PrenatalScreeningResults = ScreeningResults<PrenatalCondition, PrenatalResult>
/// The five newborn conditions' results.
public typealias NewbornScreeningResults = ScreeningResults<NewbornCondition, NewbornResult>
