import Foundation

/// An `http` or `https` URL of a destination, checked when the configuration is read.
///
/// `redacted` (scheme, host and port) is what logs show: webhook URLs often carry a secret token in their
/// path or query.
public struct DestinationURL: Sendable, Hashable, CustomStringConvertible {
    /// The URL exactly as configured.
    public let text: String
    /// `scheme://host[:port]`, for logs.
    public let redacted: String

    /// Parses `text`; throws `NotifierConfigurationError` naming `option` when it is not an absolute
    /// http(s) URL with a host.
    public init(_ text: String, option: String) throws(NotifierConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else {
            throw NotifierConfigurationError("\(option) '\(text)': not an http(s) URL with a host")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw NotifierConfigurationError("\(option) '\(text)': port out of range")
        }
        self.text = trimmed
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        self.redacted = "\(scheme)://\(hostPart)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// `text` with `path` appended (one slash between them), for Alertmanager's API.
    public func appending(path: String) -> String {
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        return base + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// The redacted form.
    public var description: String { redacted }
}
