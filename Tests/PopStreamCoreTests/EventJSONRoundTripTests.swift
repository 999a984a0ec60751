import Testing
@testable import PopStreamCore

@Suite("Event JSON: what the simulator and tests publish decodes to the same event")
struct EventJSONRoundTripTests {
    static let decoder = EventDecoder(registry: BundledAreas.twoLevel2025)

    @Test("each kind, with optional fields and a retraction, survives encode then decode",
          arguments: [EventJSON.prenatal, .newborn, .premarital, .elderly,
                      EventJSON.newborn.with("retracted", "true").without("screenings").without("sex").without("birthDate"),
                      EventJSON.newborn.with("facilityCode", #""BV \"quoted\" \\ tab\t""#)])
    func roundTrip(fixture: EventJSON) throws {
        let event = try Self.decoder.decode(fixture.bytes, kind: fixture.kind)
        let text = event.jsonText()
        let again = try Self.decoder.decode(text, kind: fixture.kind)
        #expect(again == event, "\(text)")
    }
}
