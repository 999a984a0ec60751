import Foundation
import Hummingbird
import Logging
import Synchronization

/// A real HTTP server in the test process that records every POST and answers as told: fail the first
/// attempts of each alert, always fail, or answer slowly. Bind address 127.0.0.1, a free port.
final class WebhookRecorder: Sendable {
    struct Request: Sendable {
        var path: String
        var alertId: String?
        var sequence: String?
        var body: [UInt8]
        var status: Int
    }

    enum Behaviour: Sendable {
        /// 500 for the first `failures` requests of each (alertId, sequence), then 200.
        case failFirst(Int)
        /// Always this status.
        case always(Int)
        /// Waits, then answers this status.
        case slow(Duration, status: Int)
    }

    private let store: RequestStore
    private let task: Task<Void, any Error>
    let port: Int

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(store: RequestStore, task: Task<Void, any Error>, port: Int) {
        self.store = store
        self.task = task
        self.port = port
    }

    static func start(_ behaviour: Behaviour) async throws -> WebhookRecorder {
        let store = RequestStore()
        let router = Router()
        router.post("**") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 22)
            let alertId = request.headers.first { $0.name.canonicalName == "popstream-alert-id" }?.value
            let sequence = request.headers.first { $0.name.canonicalName == "popstream-alert-sequence" }?.value
            let status: Int
            switch behaviour {
            case .failFirst(let failures):
                let earlier = store.count(alertId: alertId, sequence: sequence)
                status = earlier < failures ? 500 : 200
            case .always(let code):
                status = code
            case .slow(let delay, let code):
                try await Task.sleep(for: delay)
                status = code
            }
            store.append(Request(path: request.uri.path, alertId: alertId, sequence: sequence,
                                 body: Array(body.readableBytesView), status: status))
            return Response(status: HTTPResponse.Status(code: status))
        }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.webhook")
        logger.logLevel = .critical
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }, logger: logger)
        let task = Task { try await application.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw TestFailure("the webhook server did not start")
        }
        return WebhookRecorder(store: store, task: task, port: port)
    }

    /// Every request so far, in arrival order.
    var all: [Request] { store.all }

    /// Requests answered 2xx.
    var accepted: [Request] { all.filter { (200..<300).contains($0.status) } }

    /// Stops the server.
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// The requests a recorder has seen (shared with its route handler).
final class RequestStore: Sendable {
    private let requests = Mutex<[WebhookRecorder.Request]>([])

    var all: [WebhookRecorder.Request] { requests.withLock { $0 } }

    func append(_ request: WebhookRecorder.Request) { requests.withLock { $0.append(request) } }

    func count(alertId: String?, sequence: String?) -> Int {
        requests.withLock { $0.filter { $0.alertId == alertId && $0.sequence == sequence }.count }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
