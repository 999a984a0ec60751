import Testing
@testable import PopStreamCore

@Suite struct EventsTimestampTests {
    func seconds(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { RFC3339Timestamp.epochSeconds($0) }
    }

    @Test func offsetsAndFractions() {
        #expect(seconds("1970-01-01T00:00:00Z") == 0)
        #expect(seconds("1970-01-01T07:00:00+07:00") == 0)
        #expect(seconds("1969-12-31T19:00:00-05:00") == 0)
        #expect(seconds("2025-09-04T03:00:03Z") == 1_756_954_803)
        #expect(seconds("2025-09-04t03:00:03z") == 1_756_954_803)
        #expect(seconds("2025-09-04T03:00:03.25Z") == 1_756_954_803.25)
        #expect(seconds("2025-09-04T10:00:03.123456789+07:00").map { $0 - 1_756_954_803 }.map { abs($0 - 0.123456789) < 1e-6 } == true)
        #expect(seconds("2016-12-31T23:59:60Z") == seconds("2017-01-01T00:00:00Z"))
    }

    @Test(arguments: ["2025-09-04T03:00:03", "2025-09-04 03:00:03Z", "2025-09-04T3:00:03Z", "2025-09-04T03:00Z",
                      "2025-09-04T03:00:03.Z", "2025-09-04T03:00:03+0700", "2025-09-04T03:00:03+07", "2025-09-04T24:00:00Z",
                      "2025-09-04T03:60:00Z", "2025-09-04T03:00:61Z", "2025-02-29T03:00:00Z", "2025-09-04T03:00:03+24:00",
                      "2025-09-04T03:00:03+07:60", "2025-09-04T03:00:03Zjunk", "now", ""])
    func notInstants(text: String) {
        #expect(seconds(text) == nil)
    }
}
