import Foundation
import Testing
@testable import PopStreamCLI
import PopStreamCore

/// Workers read each event on the area map in force on its date; the simulator's events must mean what it
/// meant: communes of that map, dates on which it is in force.
@Suite("Simulated events on the map of their dates")
struct SimulateMapsTests {
    static func settings(_ arguments: [String]) throws -> SimulationSettings {
        try SimulateCommand.parse(["--bootstrap", "localhost:9092", "--rate", "100", "--seed", "7", "--bad-share", "0"] + arguments)
            .makeSettings()
    }

    @Test("a clock after the reform: every event decodes on the bundled maps (none read on the old map)",
          arguments: ["2025-09-01T09:00:00+07:00", "2025-03-20T09:00:00+07:00", "2026-02-01T09:00:00+07:00"])
    func eventsDecodeOnTheMapOfTheirDates(clock: String) throws {
        let settings = try Self.settings(["--clock", clock])
        let today = try #require(LocalDate(vietnamDateOf: settings.clock))
        let map = BundledAreas.mapSet.map(on: today)
        let decoder = EventDecoder(maps: BundledAreas.mapSet)
        var generator = SimulationGenerator(settings: settings)
        for message in generator.messages(count: 3_000) {
            let event = try decoder.decode(message.value, kind: message.kind, key: Array(message.key.utf8))
            if let date = SimulationGenerator.anchorDate(of: event) {
                #expect(BundledAreas.mapSet.map(on: date).id == map.id, "\(date) is not on \(map.id)")
            }
        }
    }

    @Test("a bundled map named with a clock outside its days is a configuration error")
    func clockOutsideTheMap() {
        #expect(throws: ConfigurationError.self) {
            try Self.settings(["--clock", "2025-05-01T09:00:00+07:00", "--areas", BundledAreas.twoLevel2025Name])
        }
        #expect(throws: ConfigurationError.self) {
            try Self.settings(["--clock", "2025-08-01T09:00:00+07:00", "--areas", BundledAreas.threeLevel2025Name])
        }
    }
}
