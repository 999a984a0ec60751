import Kafka
import PopStreamCore

/// Dead letters (contract sections 1 and 7): the original key and bytes, untouched, on `<topic>.dlq`,
/// with the reason code and a human-readable detail as headers, plus where the event came from.
enum DeadLetters {
    /// The dead letter of `message`, rejected for `rejection`, for `topic`. The original headers are kept.
    static func message(for message: KafkaMessage, rejection: EventRejection, topic: String) -> KafkaProducerMessage {
        var headers = message.headers.filter { !DeadLetterHeader.all.contains($0.key) }
        headers.append(KafkaHeader(key: DeadLetterHeader.error, value: rejection.reason.rawValue))
        headers.append(KafkaHeader(key: DeadLetterHeader.detail, value: rejection.detail))
        headers.append(KafkaHeader(key: DeadLetterHeader.source, value: "\(message.topic)/\(message.partition)/\(message.offset)"))
        return KafkaProducerMessage(topic: topic, key: message.key.map { Array($0) }, value: Array(message.value), headers: headers)
    }
}
