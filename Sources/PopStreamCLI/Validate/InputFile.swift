import Foundation

/// Reads a whole input file, or standard input for `-`.
public enum InputFile {
    /// The file's bytes.
    /// - Throws: `ConfigurationError` naming the option and the path when the file cannot be read.
    public static func read(_ path: String, what: String) throws -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
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
}
