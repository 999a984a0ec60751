import Foundation

/// Reads a whole input file, or standard input for `-`.
public enum InputFile {
    /// The file's bytes.
    /// - Throws: `ConfigurationError` naming the option and the path (or standard input) when the file cannot be read.
    public static func read(_ path: String, what: String) throws -> [UInt8] {
        if path == "-" { return try readStandardInput(what: what) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigurationError("\(what) \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw ConfigurationError("\(what) \(path): is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("\(what) \(path): cannot be read")
        }
        return Array(data)
    }

    /// Standard input to its end. `FileHandle.readDataToEndOfFile()` is not used: it stops the process on a
    /// read error (standard input redirected from a folder, say) instead of throwing.
    private static func readStandardInput(what: String) throws -> [UInt8] {
        do {
            return Array(try FileHandle.standardInput.readToEnd() ?? Data())
        } catch {
            var reason = "\(error)"
            if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                reason = String(cString: strerror(Int32(underlying.code)))
            }
            throw ConfigurationError("\(what) -: standard input cannot be read: \(reason)")
        }
    }
}
