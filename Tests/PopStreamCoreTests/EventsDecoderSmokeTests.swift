import Testing
@testable import PopStreamCore

@Suite struct EventsDecoderSmokeTests {
    @Test(arguments: EventKind.allCases)
    func validEventOfEachKindDecodes(kind: EventKind) throws {
        let event = try decoded(EventJSON.valid(kind))
        #expect(event.kind == kind)
        #expect(event.envelope.revision == 1)
        #expect(event.envelope.areaCode == "01840")
    }
}
