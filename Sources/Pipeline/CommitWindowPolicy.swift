/// When a worker closes its commit window: whichever bound is reached first.
///
/// Bigger windows merge more changes into each leaf row and amortise the transaction; the time bound
/// keeps the delay from an event to its committed figure (and to its alert) short when traffic is low.
public struct CommitWindowPolicy: Hashable, Sendable {
    /// Close once the window holds this many messages.
    public var maxMessages: Int
    /// Close once the window's messages add up to this many bytes.
    public var maxBytes: Int
    /// Close once the window has been open this long (since its first message).
    public var maxAge: Duration

    /// A policy; the defaults are 50,000 messages, 64 MiB or 250 ms.
    public init(maxMessages: Int = 50_000, maxBytes: Int = 64 << 20, maxAge: Duration = .milliseconds(250)) {
        self.maxMessages = max(1, maxMessages)
        self.maxBytes = max(1, maxBytes)
        self.maxAge = maxAge
    }

    /// Whether a window with `messages` messages of `bytes` bytes, open for `age`, must be committed now.
    /// An empty window is never due.
    public func isDue(messages: Int, bytes: Int, age: Duration) -> Bool {
        guard messages > 0 else { return false }
        return messages >= maxMessages || bytes >= maxBytes || age >= maxAge
    }

    /// Whether `window`, open for `age`, must be committed now.
    public func isDue(_ window: CommitWindowBuilder, age: Duration) -> Bool {
        isDue(messages: window.messageCount, bytes: window.byteCount, age: age)
    }
}
