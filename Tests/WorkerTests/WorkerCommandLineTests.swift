import Foundation
import PopStreamCore
import Testing

/// The worker executables' command line: bad configurations exit 2 with one line, the environment
/// supplies options, `--help` exits 0.
@Suite("Worker command line")
struct WorkerCommandLineTests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let worker = try await WorkerProcess(.newbornScreening, arguments: arguments, environment: environment, logDirectory: folder.url)
        let status = try await worker.waitForExit(timeout: .seconds(30))
        return (status, worker.log)
    }

    @Test("a bad configuration exits 2 with one line naming the problem", .timeLimit(.minutes(3)),
          arguments: [
            (["--bogus"], [:], "--bogus"),
            (["--store", "ftp://x"], [:], "--store"),
            (["--metrics-port", "70000"], [:], "--metrics-port"),
            (["--areas", "/nonexistent/areas.csv"], [:], "--areas"),
            (["--kafka-config", "no.such.property=1", "--metrics-port", "0"], [:], "no.such.property"),
            ([], ["POPSTREAM_METRICS_PORT": "abc"], "abc"),
            ([], ["POPSTREAM_UNTIL_END": "maybe"], "POPSTREAM_UNTIL_END"),
            (["--group", ""], [:], "--group"),
            ([], ["POPSTREAM_GROUP": " "], "--group"),
            (["--assignment", "sometimes"], [:], "--assignment"),
            ([], ["POPSTREAM_ASSIGNMENT": "round-robin"], "round-robin"),
            // A value may hold commas (debug=broker,topic is one property): the bad property is the third item.
            (["--metrics-port", "0"], ["POPSTREAM_KAFKA_CONFIG": "debug=broker,topic,no.such.property=1"], "no.such.property"),
          ] as [([String], [String: String], String)])
    func badConfiguration(arguments: [String], environment: [String: String], mention: String) async throws {
        let (status, output) = try await Self.run(arguments, environment: environment)
        #expect(status == 2, "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1, "\(output)")
        #expect(output.contains("popstream-newborn-worker: ") && output.contains(mention), "\(output)")
    }

    @Test("a --metrics-port already in use exits 2 at once, with one line naming it", .timeLimit(.minutes(3)))
    func metricsPortInUse() async throws {
        let cluster = try TestCluster(partitions: 1)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let port = try Probes.freePort()
        let first = try await WorkerProcess(.newbornScreening, arguments: ["--bootstrap", cluster.bootstrap, "--store", folder.sqliteStore,
                                                                           "--metrics-port", String(port)], logDirectory: folder.url)
        do {
            try await Probes.waitUntil("the first worker does not serve /healthz\n\(first.tail())") {
                await Probes.get(port: port, "/healthz")?.status == 200
            }
            let (status, output) = try await Self.run(["--bootstrap", cluster.bootstrap, "--metrics-port", String(port)])
            #expect(status == 2, "\(output)")
            #expect(output.split(separator: "\n").count == 1, "\(output)")
            #expect(output.contains("--metrics-port \(port)") && output.contains("already in use"), "\(output)")
        } catch {
            await first.stop()
            throw error
        }
        await first.stop()
    }

    @Test("--help prints the options and exits 0", .timeLimit(.minutes(3)))
    func help() async throws {
        let (status, output) = try await Self.run(["--help"])
        #expect(status == 0)
        for option in ["--bootstrap", "--group", "--store", "--areas", "--targets", "--kafka-config", "--metrics-port", "--until-end"] {
            #expect(output.contains(option), "\(option) missing from the help")
        }
    }

    @Test("options come from POPSTREAM_* when not on the command line; the command line wins", .timeLimit(.minutes(3)))
    func environment() async throws {
        // An unreachable store given by the environment is used (exit 1, a runtime failure, after saying so)...
        let (status, output) = try await Self.run(["--metrics-port", "0"], environment: [
            "POPSTREAM_STORE": "sqlite:///dev/null/state.sqlite", "POPSTREAM_BOOTSTRAP": "127.0.0.1:1",
        ])
        #expect(status == 1, "\(output)")
        #expect(output.contains("/dev/null"), "\(output)")
        // ...unless the command line names another (a bad one here: exit 2 names it).
        let (override, overrideOutput) = try await Self.run(["--store", "ftp://cli"], environment: ["POPSTREAM_STORE": "sqlite://./x"])
        #expect(override == 2)
        #expect(overrideOutput.contains("ftp"), "\(overrideOutput)")
    }
}
