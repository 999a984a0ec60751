import Foundation
import Kafka
import Logging
import ProcessShutdown
import ServiceLifecycle
import Store

/// A worker process: the consume loop, alert evaluation and the operations endpoints, run as one
/// swift-service-lifecycle group. SIGTERM and SIGINT stop it gracefully, in order: the consumer commits
/// its last window, evaluation runs a last round and publishes, then the HTTP server stops.
public enum Worker {
    /// Runs a worker until it is stopped (or, with `untilEnd`, has consumed what was there at start).
    ///
    /// - Throws: ``StoreError`` when the store cannot be opened; `KafkaError` of kind `.configuration` for
    ///   a bad librdkafka property; the error that stopped the consumer.
    /// - Parameter stopDeadline: bounds the stop once it begins (the executables give one; tests running a
    ///   worker in process do not).
    public static func run(_ configuration: WorkerConfiguration, logger: Logger, metrics: WorkerMetrics? = nil,
                           health: WorkerHealth = WorkerHealth(), stopDeadline: StopDeadline? = nil) async throws {
        let metrics = metrics ?? WorkerMetrics(kind: configuration.kind)
        let producer = try KafkaProducer(configuration: configuration.producerConfiguration, logger: logger)
        let store: any StateStore
        do {
            store = try await StateStoreFactory.open(configuration.store, logger: logger)
        } catch {
            await producer.close()
            throw error
        }
        // Connected, and its two topics known, before the first dead letter or alert needs them (a restarted
        // worker's first window waits for its dead letters); in the background, so that a broker still down does
        // not hold the start.
        Task {
            do {
                try await producer.prepare(topics: [configuration.deadLetterTopic, configuration.alertsTopic])
            } catch {
                logger.info("the producer could not reach the cluster yet; it connects on its first message", metadata: ["error": "\(error)"])
            }
        }
        let signal = CommitSignal()
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let port = configuration.metricsPort {
            services.append(.init(service: OperationsServer.application(port: port, metrics: metrics, health: health, logger: logger)))
        }
        services.append(.init(service: AlertEvaluatorService(configuration: configuration, store: store, producer: producer,
                                                             metrics: metrics, signal: signal, logger: logger)))
        services.append(.init(service: ConsumerService(configuration: configuration, store: store, producer: producer, metrics: metrics,
                                                       health: health, signal: signal, logger: logger),
                              successTerminationBehavior: .gracefullyShutdownGroup,
                              failureTerminationBehavior: .gracefullyShutdownGroup))
        // The deadline last: the group stops services in reverse order, so it starts counting at once.
        if let stopDeadline { services.append(.init(service: StopDeadlineService(stopDeadline))) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("worker starting", metadata: [
            "kind": "\(configuration.kind.rawValue)", "topic": "\(configuration.topic)", "group": "\(configuration.group)",
            "store": "\(configuration.store)", "map": "\(configuration.mapName)", "instance": "\(configuration.instanceID)",
        ])
        do {
            try await group.run()
        } catch {
            await producer.close()
            await store.close()
            throw error
        }
        await producer.close()
        await store.close()
        logger.info("worker stopped")
    }
}
