import Foundation
import PopStreamCore
import Store
import Testing
@testable import WorkerRuntime

/// How a worker chooses its partitions, and the small parts the whole-topic mode keeps.
@Suite("Partition assignment")
struct PartitionAssignmentTests {
    @Test("SQLite takes the whole topic, PostgreSQL joins the group; --until-end always takes the whole topic")
    func defaults() throws {
        let sqlite = try StoreURL(parsing: "sqlite:///tmp/x.sqlite")
        let postgres = try StoreURL(parsing: "postgres://u:p@localhost:5432/db")
        #expect(PartitionAssignment.default(for: sqlite) == .wholeTopic)
        #expect(PartitionAssignment.default(for: postgres) == .group)
        #expect(PartitionAssignment(rawValue: "whole-topic") == .wholeTopic && PartitionAssignment(rawValue: "group") == .group)

        var configuration = WorkerConfiguration(kind: .newbornScreening, store: postgres, targets: .empty(registry: BundledAreas.defaultRegistry),
                                                instanceID: "test")
        #expect(configuration.assignment == .group && !configuration.takesWholeTopic)
        configuration.untilEnd = true
        #expect(configuration.takesWholeTopic)
    }

    @Test("a topic's size only grows")
    func topicSize() {
        let size = TopicSize(3)
        size.grow(to: 2)
        #expect(size.count == 3)
        size.grow(to: 6)
        #expect(size.count == 6)
    }

    @Test("a repeated warning passes the first time, then not again within its interval")
    func throttle() {
        var throttle = WarningThrottle(interval: .seconds(3_600))
        let first = throttle.isDue(), second = throttle.isDue()
        #expect(first && !second)
        var always = WarningThrottle(interval: .zero)
        let again = always.isDue(), andAgain = always.isDue()
        #expect(again && andAgain)
    }
}
