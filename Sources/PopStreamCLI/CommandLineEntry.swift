import ArgumentParser
import Foundation

/// Runs the `popstream` command line and maps failures to the exit codes of the interfaces spec:
/// 0 success, 1 runtime failure, 2 bad configuration or usage (one clear line on stderr).
public enum CommandLineEntry {
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async {
        do {
            var command = try PopStreamCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("popstream: \(error.message)\n".utf8))
            exit(2)
        } catch {
            let code = PopStreamCommand.exitCode(for: error)
            if code == .validationFailure {
                let message = PopStreamCommand.message(for: error)
                let usage = PopStreamCommand.fullMessage(for: error)
                FileHandle.standardError.write(Data("popstream: \(message.isEmpty ? usage : message)\n".utf8))
                exit(2)
            }
            PopStreamCommand.exit(withError: error)
        }
    }
}

/// A configuration or usage mistake: the process prints the message on one line and exits 2.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
