/// Input that is not one well-formed JSON value in UTF-8 (RFC 8259), with the byte offset where it fails.
struct JSONSyntaxError: Error, Equatable {
    /// 0-based byte offset of the problem.
    var offset: Int
    /// What was wrong, without echoing the input.
    var message: String
}
