import Testing
@testable import PopStreamCore

@Suite struct ByteStringTableTests {
    private func position(_ table: ByteStringTable, _ text: String) -> Int? {
        Array(text.utf8).withUnsafeBufferPointer { table.position(of: $0) }
    }

    @Test func findsEveryNameAtItsPosition() {
        for kind in EventKind.allCases {
            let names = EventFieldNames.Envelope.names + {
                switch kind {
                case .prenatalScreening: EventFieldNames.Prenatal.names
                case .newbornScreening: EventFieldNames.Newborn.names
                case .premaritalCheckup: EventFieldNames.Premarital.names
                case .elderlyRecord: EventFieldNames.Elderly.names
                }
            }()
            let table = EventFieldNames.table(for: kind)
            #expect(table.count == names.count)
            for (place, name) in names.enumerated() { #expect(position(table, name) == place, "\(kind) \(name)") }
        }
    }

    @Test func refusesNearMisses() {
        let table = ByteStringTable(["eventId", "subjectId", "areaCode", "areaMap", "a", ""])
        for text in ["eventid", "eventI", "eventIdd", "subjectIe", "areaCodf", "areaMaps", "b", "aa", "xventId", "subjectId\u{0}"] {
            #expect(position(table, text) == nil, "\(text)")
        }
        #expect(position(table, "a") == 4)
        #expect(position(table, "") == 5)
        #expect(position(table, "areaMap") == 3)
    }

    @Test func collidingNamesAreAllFound() {
        // Same length, first and last bytes: one hash, found by comparison along the probe.
        let names = ["axxxxxxxxxz", "ayyyyyyyyyz", "azzzzzzzzzz", "a000000000z", "a123456789z"]
        let table = ByteStringTable(names)
        for (place, name) in names.enumerated() { #expect(position(table, name) == place) }
        #expect(position(table, "a99999999zz") == nil)
    }

    @Test func aNameListedTwiceAnswersItsFirstPosition() {
        let table = ByteStringTable(["sex", "birthDate", "sex"])
        #expect(position(table, "sex") == 0)
    }

    @Test func findsLongAndMultiByteNames() {
        let names = ["congenital_adrenal_hyperplasia", "congenital_heart_disease", "Thái Nguyên", "hearing_loss"]
        let table = ByteStringTable(names)
        for (place, name) in names.enumerated() { #expect(position(table, name) == place) }
        #expect(position(table, "congenital_adrenal_hyperplasiA") == nil)
        #expect(position(table, "Thai Nguyên") == nil)
    }
}
