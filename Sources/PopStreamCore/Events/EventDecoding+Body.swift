/// A kind's fields read and type-checked, with date strings not yet parsed (they are checked after every
/// structural rule, so that `schema_violation` takes precedence over `invalid_date`).
enum BodyDraft {
    case prenatal(PrenatalDraft)
    case newborn(NewbornDraft)
    case premarital(PremaritalDraft)
    case elderly(ElderlyDraft)
}

extension EventDecoding {
    /// Reads the kind's fields (phase 4).
    func readBody() throws(EventRejection) -> BodyDraft {
        switch kind {
        case .prenatalScreening: .prenatal(try readPrenatal())
        case .newbornScreening: .newborn(try readNewborn())
        case .premaritalCheckup: .premarital(try readPremarital())
        case .elderlyRecord: .elderly(try readElderly())
        }
    }

    /// Parses the draft's dates (phase 5) and builds the body.
    func finish(_ draft: BodyDraft) throws(EventRejection) -> EventBody {
        switch draft {
        case .prenatal(let draft): .prenatal(try finish(draft))
        case .newborn(let draft): .newborn(try finish(draft))
        case .premarital(let draft): .premarital(try finish(draft))
        case .elderly(let draft): .elderly(try finish(draft))
        }
    }

    /// Reads a `screenings` object: every key must be a known condition and every value a known result;
    /// conditions not mentioned are `notScreened`. Inlined so each kind gets a specialised copy (hot path).
    @inline(__always)
    func readScreenings<Condition, Outcome>(
        _ node: Int?, conditions: EnumTable<Condition>, results: EnumTable<Outcome>, notScreened: Outcome
    ) throws(EventRejection) -> [Condition: Outcome] where Condition: Hashable {
        let object = try reader.require(node, .object, "screenings", expected: "an object")
        // Results by the condition's position while reading (no hashing per member), then the dictionary.
        var outcomes = [Outcome?](repeating: nil, count: conditions.cases.count)
        for member in document.members(of: object) {
            guard let position = conditions.position(document, member.key) else {
                throw reader.violation("screenings", "unknown condition \(DetailText.quoted(document.string(member.key)))")
            }
            let condition = conditions.cases[position]
            guard outcomes[position] == nil else {
                throw reader.violation("screenings", "duplicate key \(DetailText.quoted(condition.rawValue))")
            }
            outcomes[position] = try reader.enumValue(member.value, "screenings.\(condition.rawValue)",
                                                      results, noun: "result")
        }
        var screenings = [Condition: Outcome](minimumCapacity: conditions.cases.count)
        for (condition, outcome) in zip(conditions.cases, outcomes) { screenings[condition] = outcome ?? notScreened }
        return screenings
    }
}
