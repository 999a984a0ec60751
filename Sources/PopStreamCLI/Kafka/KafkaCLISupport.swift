import Foundation
import Kafka
import Logging

/// Small helpers the Kafka commands share.
enum KafkaCLISupport {
    /// A logger that writes to stderr (stdout carries the commands' output), warnings and above.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }

    /// Parses repeated `KEY=VALUE` options into librdkafka properties.
    static func properties(_ pairs: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ConfigurationError("--kafka-config expects KEY=VALUE, got '\(pair)'")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }

    /// Bootstrap servers from a comma-separated list.
    static func servers(_ bootstrap: String) throws -> [String] {
        let servers = bootstrap.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !servers.isEmpty else { throw ConfigurationError("--bootstrap is empty") }
        return servers
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
