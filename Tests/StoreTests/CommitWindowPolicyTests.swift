import Pipeline
import PopStreamCore
import Store
import Testing

@Suite("Commit window bounds")
struct CommitWindowPolicyTests {
    let policy = CommitWindowPolicy(maxMessages: 100, maxBytes: 1_000, maxAge: .milliseconds(250))

    @Test("a window is due at whichever bound comes first, never when empty")
    func bounds() {
        #expect(!policy.isDue(messages: 0, bytes: 5_000, age: .seconds(10)))
        #expect(!policy.isDue(messages: 99, bytes: 999, age: .milliseconds(249)))
        #expect(policy.isDue(messages: 100, bytes: 0, age: .zero))
        #expect(policy.isDue(messages: 1, bytes: 1_000, age: .zero))
        #expect(policy.isDue(messages: 1, bytes: 1, age: .milliseconds(250)))
    }

    @Test("the builder counts messages and bytes, and keeps each partition's first epoch and start offset")
    func builderProgress() throws {
        let engine = IndicatorEngine(registry: try AreaRegistry(areas: [Area(code: "VN", name: "Việt Nam", level: "national", parentCode: nil)]))
        var window = CommitWindowBuilder(engine: engine, map: "m", group: "g")
        let p0 = TopicPartition(topic: "t", partition: 0), p1 = TopicPartition(topic: "t", partition: 1)
        #expect(window.isEmpty && !policy.isDue(window, age: .seconds(1)))
        window.consumed(p0, epoch: 3, from: 10, through: 59, messages: 50, bytes: 400)
        window.consumed(p1, epoch: 1, from: nil, through: 4, messages: 5, bytes: 100)
        #expect(!policy.isDue(window, age: .milliseconds(10)))
        window.consumed(p0, epoch: 3, from: 60, through: 104, messages: 45, bytes: 450)
        #expect(window.messageCount == 100 && window.byteCount == 950)
        #expect(policy.isDue(window, age: .milliseconds(10)))
        #expect(window.commit().partitions == [
            PartitionCommit(group: "g", partition: p0, epoch: 3, fromOffset: 10, nextOffset: 105),
            PartitionCommit(group: "g", partition: p1, epoch: 1, fromOffset: nil, nextOffset: 5),
        ])
    }
}
