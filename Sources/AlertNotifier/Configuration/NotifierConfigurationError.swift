/// A configuration or usage mistake: the notifier prints the message on one line of stderr and exits 2.
public struct NotifierConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, naming the option or environment variable.
    public let message: String

    /// A configuration error with `message` (one line).
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
