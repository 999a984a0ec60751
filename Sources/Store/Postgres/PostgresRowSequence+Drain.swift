import PostgresNIO

extension PostgresRowSequence {
    /// Reads and drops every row. Every statement's result is read to its end, so that its error
    /// surfaces at that statement and the connection is idle before the next one (a result left
    /// unread can leave the next query on that connection waiting forever if the server drops it).
    func drain() async throws {
        for try await _ in self {}
    }
}
