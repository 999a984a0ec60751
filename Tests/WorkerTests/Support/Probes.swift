import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Small helpers to look at running workers from outside: a free port, an HTTP status.
enum Probes {
    /// A loopback TCP port nobody listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WorkerTestFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw WorkerTestFailure("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The status and body of `GET http://127.0.0.1:port/path` (or another `method`), or `nil` when nothing answers.
    static func get(port: Int, _ path: String, method: String = "GET") async -> (status: Int, body: String)? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 3
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Waits until `condition` holds, checking every 100 ms; throws `failure` after `timeout`.
    static func waitUntil(_ failure: @autoclosure () -> String, timeout: Duration = .seconds(60),
                          _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else { throw WorkerTestFailure(failure()) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
