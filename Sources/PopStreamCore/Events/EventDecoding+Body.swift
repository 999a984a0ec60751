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
    ) throws(EventRejection) -> ScreeningResults<Condition, Outcome> where Condition: ScreeningCode, Outcome: ScreeningCode {
        let object = try reader.require(node, .object, "screenings", expected: "an object")
        // The tables list the codes in the order of `allCases`: their positions are the codes' own.
        var screenings = ScreeningResults<Condition, Outcome>()
        for member in document.members(of: object) {
            guard let position = conditions.position(document, member.key) else {
                throw reader.violation("screenings", "unknown condition \(DetailText.quoted(document.string(member.key)))")
            }
            let condition = conditions.cases[position]
            guard screenings.result(at: position) == nil else {
                throw reader.violation("screenings", "duplicate key \(DetailText.quoted(condition.rawValue))")
            }
            let outcome = try reader.enumPosition(member.value, "screenings.\(condition.rawValue)", results, noun: "result")
            screenings.setResult(outcome, at: position)
        }
        for position in conditions.cases.indices where screenings.result(at: position) == nil {
            screenings.setResult(notScreened.position, at: position)
        }
        return screenings
    }
}
