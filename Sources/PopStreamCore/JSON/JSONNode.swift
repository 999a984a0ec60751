/// One value of a parsed JSON document, stored flat ("tape"): containers are followed by their children,
/// object members as a key node then the value's nodes. Byte offsets point into the parsed buffer.
struct JSONNode {
    /// The JSON type of a node.
    enum Kind: UInt8 {
        case null, `false`, `true`, number, string, array, object

        /// The type's name as error details show it.
        var name: String {
            switch self {
            case .null: "null"
            case .false, .true: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }

    var kind: Kind
    /// Strings: the text contains a backslash escape. Numbers: no fraction and no exponent.
    var flag: Bool
    /// Strings: first byte after the opening quote. Numbers: first byte. Containers: the opening bracket.
    var start: Int
    /// Strings: the closing quote. Numbers: one past the last byte. Containers: one past the closing bracket.
    var end: Int
    /// Arrays: elements. Objects: members. Others: 0.
    var count: Int
    /// Index of the node that follows this value's subtree.
    var next: Int
}
