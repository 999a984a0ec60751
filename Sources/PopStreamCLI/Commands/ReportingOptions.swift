import ArgumentParser
import Foundation
import Logging
import PopStreamCore
import Reporting
import Store

/// The options `report` and `serve` share with the workers: the store, the area map and the targets, with
/// the workers' defaults, so that statuses agree with the alerts.
struct ReportingOptions: ParsableArguments {
    /// The workers' default store.
    static let defaultStore = "sqlite://./data/popstream.sqlite"

    @Option(help: "Store URL: sqlite:///path/file.sqlite or postgres://user@host:port/db (as the workers).")
    var store = ReportingOptions.defaultStore

    @Option(help: "Area maps: bundled (default: both bundled maps with their dates), one bundled map (two-level-2025-07, three-level-2025-03), a registry CSV file or a map manifest JSON.")
    var areas: String?

    @Option(help: "The area map figures are read on (default: the map in force today); the other maps' figures are carried over.")
    var map: String?

    @Option(help: "Targets of the map read on: a bundled set (the map's name) or a targets JSON file (default: the map's bundled targets).")
    var targets: String?

    /// The area maps, the map read on and the targets, as the workers resolve them.
    /// - Throws: ``ConfigurationError`` (exit 2) for an unreadable or invalid registry or targets file.
    func deployment() throws -> ReportDeployment {
        let maps = try AreaMapsOption.load(areas)
        let view = try AreaMapsOption.viewMap(map, in: maps)
        return ReportDeployment(view: AreaMapsOption.view(maps, on: view),
                                targets: try TargetsOption.load(targets, maps: maps, view: view))
    }

    /// The parsed `--store`.
    /// - Throws: ``ConfigurationError`` (exit 2) for a malformed URL.
    func storeURL() throws -> StoreURL {
        do {
            return try StoreURL(parsing: store)
        } catch {
            throw ConfigurationError("--store: \(error)")
        }
    }

    /// Opens the store; a store that cannot be opened ends the command with one line on stderr and exit 1.
    /// With `mustExist`, a SQLite file that is not there is not created (a report of an empty new store
    /// would only hide a wrong path).
    func openStore(_ url: StoreURL, mustExist: Bool, logger: Logger) async throws -> any StateStore {
        if mustExist, case .sqlite(let path) = url, !FileManager.default.fileExists(atPath: path) {
            throw RuntimeFailure("store unavailable: no SQLite file at \(path) (has a worker run yet? or give --store)")
        }
        do {
            return try await StateStoreFactory.open(url, logger: logger)
        } catch {
            throw RuntimeFailure("\(error)")
        }
    }
}

/// A failure at run time (not a usage mistake): the command prints `popstream: <message>` and exits 1.
struct RuntimeFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }

    /// Prints the message on stderr and returns the exit code 1 to throw.
    func exit() -> ExitCode {
        FileHandle.standardError.write(Data("popstream: \(message)\n".utf8))
        return ExitCode.failure
    }
}
