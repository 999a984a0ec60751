import CKafkaBaseline
import Foundation

/// librdkafka's raw batch consume loop (CKafkaBaseline), run on a thread of its own: the ceiling the
/// Swift layer and the workers are measured against.
enum CBaselineConsumer {
    /// What one run read.
    struct Result {
        var messages: Int
        var bytes: Int
        var elapsedSeconds: Double
    }

    /// Consumes `messages` messages of `topic` (`partitions` partitions, from the beginning) in batches of
    /// `batch`, with extra librdkafka `properties`.
    static func consume(bootstrap: String, topic: String, partitions: Int, messages: Int, batch: Int,
                        properties: [String: String]) async throws -> Result {
        let result: popstream_baseline_result = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var flat: [String] = []
                for (key, value) in properties.sorted(by: { $0.key < $1.key }) { flat += [key, value] }
                var result = popstream_baseline_result()
                let cStrings = flat.map { strdup($0) }
                var pointers: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } }
                pointers.append(nil)
                pointers.withUnsafeBufferPointer { list in
                    popstream_baseline_consume(bootstrap, topic, Int32(partitions), Int64(messages),
                                               Int32(batch), 120_000, list.baseAddress, &result)
                }
                cStrings.forEach { free($0) }
                continuation.resume(returning: result)
            }
        }
        guard result.error == 0 else {
            let text = withUnsafeBytes(of: result.error_text) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            throw ConfigurationError("C baseline failed: \(text)")
        }
        return Result(messages: Int(result.messages), bytes: Int(result.bytes), elapsedSeconds: result.elapsed_seconds)
    }
}
