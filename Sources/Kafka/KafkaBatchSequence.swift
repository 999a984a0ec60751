/// The non-empty batches of a `KafkaConsumer`, as an `AsyncSequence`. Ends when the task is cancelled or the
/// consumer is closed; other errors are thrown (a failed rebalance handler's `KafkaRebalanceHandlerError`, a
/// fatal `KafkaError`, ...).
public struct KafkaBatchSequence: AsyncSequence, Sendable {
    public typealias Element = KafkaMessageBatch

    let consumer: KafkaConsumer
    let maxMessages: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        let maxMessages: Int

        public mutating func next() async throws -> KafkaMessageBatch? {
            while true {
                let batch: KafkaMessageBatch
                do {
                    batch = try await consumer.poll(maxMessages: maxMessages, timeout: .seconds(1))
                } catch is CancellationError {
                    return nil
                } catch let error as KafkaError where error.kind == .closed {
                    return nil
                }
                if !batch.isEmpty { return batch }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(consumer: consumer, maxMessages: maxMessages)
    }
}
