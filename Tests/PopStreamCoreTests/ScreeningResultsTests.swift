import Testing
@testable import PopStreamCore

@Suite struct ScreeningResultsTests {
    @Test func positionsAreThePlacesInAllCases() {
        func check<Code: ScreeningCode>(_: Code.Type) {
            for (place, code) in Code.allCases.enumerated() {
                #expect(code.position == place)
                #expect(Code(position: place) == code)
            }
            #expect(Code(position: -1) == nil)
            #expect(Code(position: Code.allCases.count) == nil)
        }
        check(PrenatalCondition.self)
        check(PrenatalResult.self)
        check(NewbornCondition.self)
        check(NewbornResult.self)
    }

    @Test func decoderTablesListTheCodesInTheOrderOfTheirPositions() {
        // The decoder stores a table position as the code's position.
        #expect(Vocabulary.prenatalConditions.cases == PrenatalCondition.allCases)
        #expect(Vocabulary.prenatalResults.cases == PrenatalResult.allCases)
        #expect(Vocabulary.newbornConditions.cases == NewbornCondition.allCases)
        #expect(Vocabulary.newbornResults.cases == NewbornResult.allCases)
    }

    @Test func readsAndWritesLikeADictionary() {
        var results = NewbornScreeningResults()
        #expect(results.isEmpty && results.count == 0)
        #expect(results[.hearingLoss] == nil)
        results[.hearingLoss] = .positive
        results[.congenitalHypothyroidism] = .notScreened
        #expect(results[.hearingLoss] == .positive)
        #expect(results[.congenitalHypothyroidism] == .notScreened)
        #expect(results[.g6pdDeficiency] == nil)
        #expect(results.count == 2)
        results[.hearingLoss] = .negative
        #expect(results[.hearingLoss] == .negative && results.count == 2)
        results[.congenitalHypothyroidism] = nil
        #expect(results[.congenitalHypothyroidism] == nil && results.count == 1)
    }

    @Test func iteratesInTheOrderOfTheConditions() {
        let results: NewbornScreeningResults = [.congenitalHeartDisease: .positive, .congenitalHypothyroidism: .negative,
                                                .hearingLoss: .notScreened]
        #expect(results.map(\.key) == [.congenitalHypothyroidism, .hearingLoss, .congenitalHeartDisease])
        #expect(Array(results.values) == [.negative, .notScreened, .positive])
        #expect(results.description == "[congenitalHypothyroidism: negative, hearingLoss: notScreened, congenitalHeartDisease: positive]")
    }

    @Test func equalsWhatTheSameDictionaryBuilds() {
        let dictionary: [PrenatalCondition: PrenatalResult] = [.downSyndrome: .highRisk, .thalassemia: .lowRisk]
        let results = PrenatalScreeningResults(dictionary)
        #expect(results == [.thalassemia: .lowRisk, .downSyndrome: .highRisk])
        #expect(results != [.thalassemia: .lowRisk])
        #expect(Dictionary(uniqueKeysWithValues: results.map { ($0.key, $0.value) }) == dictionary)
        #expect(Set([results, PrenatalScreeningResults(dictionary)]).count == 1)
    }

    @Test func everyConditionKeepsItsOwnResult() {
        // Each condition's byte is independent of the others' (every result in every place).
        for result in NewbornResult.allCases {
            for condition in NewbornCondition.allCases {
                var results = NewbornScreeningResults()
                for other in NewbornCondition.allCases { results[other] = .positive }
                results[condition] = result
                for other in NewbornCondition.allCases {
                    #expect(results[other] == (other == condition ? result : .positive))
                }
            }
        }
    }
}
