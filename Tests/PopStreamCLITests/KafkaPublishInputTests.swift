import Foundation
@testable import PopStreamCLI
import Testing

@Suite("publish input lines")
struct KafkaPublishInputTests {
    @Test("CRLF, blank lines and a missing final newline; keys from subjectId; reasons without content")
    func linesAreCheckedAndNumbered() {
        let text = "{\"subjectId\":\"A\"}\r\n\r\n   \n{\"subjectId\":\"\"}\n{\"subjectId\":null}\n{\"subjectId\":\"B\",\"x\":1}"
        let input = JSONLinePublisherInput(data: Data(text.utf8))
        #expect(input.accepted.map(\.lineNumber) == [1, 6])
        #expect(input.accepted.map(\.key) == ["A", "B"])
        #expect(input.accepted.first.map { String(decoding: $0.value, as: UTF8.self) } == "{\"subjectId\":\"A\"}")
        #expect(input.rejected == [
            .init(lineNumber: 4, reason: "subjectId is empty"),
            .init(lineNumber: 5, reason: "subjectId is not a string"),
        ])
    }
}
