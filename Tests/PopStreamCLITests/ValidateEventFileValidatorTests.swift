import Testing
import PopStreamCore
@testable import PopStreamCLI

@Suite struct ValidateEventFileValidatorTests {
    @Test(arguments: EventKind.allCases)
    func reportsExactlyTheBadLinesOfAMixedFile(kind: EventKind) {
        let (text, expected) = ValidateFixtures.mixedFile(kind)
        var reported: [Int: DeadLetterReason] = [:]
        let summary = EventFileValidator(kind: kind).validate(Array(text.utf8)) { reported[$0.lineNumber] = $0.rejection.reason }
        #expect(reported == expected)
        #expect(summary.rejected == expected.count)
        #expect(summary.blank == 2)
        #expect(summary.checked == 13)
        #expect(summary.valid == 13 - expected.count)
    }

    @Test func lineFormat() {
        let rejection = EventFileValidator.LineRejection(lineNumber: 7, rejection: EventRejection(.keyMismatch, "key: x"))
        #expect(rejection.description == "7: key_mismatch: key: x")
        var summary = EventFileValidator.Summary(checked: 3, valid: 2, rejected: 1, blank: 0)
        #expect(summary.description == "checked 3 lines: 2 valid, 1 rejected")
        summary.blank = 1
        #expect(summary.description == "checked 3 lines: 2 valid, 1 rejected (1 blank line skipped)")
    }

    @Test func keyedAndUnkeyedLines() {
        let json = ValidateFixtures.event(.newbornScreening, subject: "s-1")
        let validator = EventFileValidator(kind: .newbornScreening)
        #expect(validator.check(line: ArraySlice(json.utf8)) == nil)
        #expect(validator.check(line: ArraySlice(("  " + json).utf8)) == nil)
        #expect(validator.check(line: ArraySlice(("s-1\t" + json).utf8)) == nil)
        #expect(validator.check(line: ArraySlice(("s-2\t" + json).utf8))?.reason == .keyMismatch)
        #expect(validator.check(line: ArraySlice(("\t" + json).utf8)) == nil)  // leading blank then '{': no key
        #expect(validator.check(line: ArraySlice("garbage".utf8))?.reason == .invalidJSON)
    }

    @Test func lineSplitting() {
        let lines = EventLine.lines(of: Array("a\n\nb\r\nc".utf8))
        #expect(lines.map(\.number) == [1, 2, 3, 4])
        #expect(lines.map { String(decoding: $0.text, as: UTF8.self) } == ["a", "", "b\r", "c"])
        #expect(EventLine.lines(of: Array("a\n".utf8)).count == 1)
        #expect(EventLine.lines(of: []).isEmpty)
        let keyed = EventLine(ArraySlice("k-1\t{\"a\":1}\r".utf8))
        #expect(keyed.key.map { String(decoding: $0, as: UTF8.self) } == "k-1")
        #expect(String(decoding: keyed.json, as: UTF8.self) == "{\"a\":1}")
    }

    @Test func theRegistryDecidesUnknownAreas() {
        let old = ValidateFixtures.event(.newbornScreening, subject: "s-1").replacingOccurrences(of: "01840", with: "00001")
        #expect(EventFileValidator(kind: .newbornScreening).check(line: ArraySlice(old.utf8))?.reason == .unknownArea)
        let threeLevel = EventFileValidator(kind: .newbornScreening, registry: BundledAreas.threeLevel2025)
        #expect(threeLevel.check(line: ArraySlice(old.utf8)) == nil)
    }

    @Test func kindOption() throws {
        #expect(try EventKindOption.parse("newborn-screening") == .newbornScreening)
        #expect(try EventKindOption.parse("elderly") == .elderlyRecord)
        #expect(throws: ConfigurationError.self) { try EventKindOption.parse("vaccination") }
    }

    @Test func areasOption() throws {
        #expect(try AreaRegistryOption.load(nil).areas.count == 364)
        #expect(try AreaRegistryOption.load("three-level-2025-03").areas.count == 1_294)
        #expect(throws: ConfigurationError.self) { try AreaRegistryOption.load("/nonexistent/areas.csv") }
    }
}
