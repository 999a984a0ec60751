import Foundation
import NIOCore
import NIOPosix

/// Checks at start that a server can listen where it is told to, so that a port already taken is a
/// configuration error (exit 2, one line naming the option) rather than a failure seconds later, once
/// the server starts beside the rest.
///
/// The check binds the address and releases it at once: another process may still take the port in
/// between, and the server's own bind then fails at run time (exit 1).
enum ListeningPort {
    /// - Throws: ``ConfigurationError`` naming `option` when nothing can listen on `host:port` now.
    static func check(host: String = "0.0.0.0", port: Int, option: String) async throws {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try await channel.close()
        } catch let error as IOError {
            throw ConfigurationError("\(option) \(port): cannot listen on \(host):\(port): \(reason(error.errnoCode))")
        } catch {
            throw ConfigurationError("\(option) \(port): cannot listen on \(host):\(port): \(error)")
        }
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case EADDRINUSE: "the port is already in use"
        case EACCES: "permission denied (ports below 1024 need privileges)"
        case EADDRNOTAVAIL: "no such local address"
        default: String(cString: strerror(code))
        }
    }
}
