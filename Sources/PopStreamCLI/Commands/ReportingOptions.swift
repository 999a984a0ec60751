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

    @OptionGroup var areaMaps: AreaMapArguments

    /// The area maps, the map read on and the targets, as the workers resolve them.
    /// - Throws: ``ConfigurationError`` (exit 2) for an unreadable or invalid registry or targets file.
    func deployment() throws -> ReportDeployment {
        let resolved = try areaMaps.resolve()
        return ReportDeployment(view: resolved.view, targets: resolved.targets)
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
