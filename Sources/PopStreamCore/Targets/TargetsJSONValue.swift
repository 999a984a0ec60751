import Foundation

/// A loosely typed JSON value, so that the targets validator can name exactly which field is missing
/// or has the wrong type (Foundation's decoder is fine here: targets load once, not on the hot path).
enum TargetsJSONValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([TargetsJSONValue])
    case object([String: TargetsJSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([TargetsJSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: TargetsJSONValue].self)) }
    }

    /// Parses UTF-8 JSON text.
    static func parse(_ bytes: [UInt8]) throws(TargetsError) -> TargetsJSONValue {
        do {
            return try JSONDecoder().decode(TargetsJSONValue.self, from: Data(bytes))
        } catch {
            throw TargetsError(message: "not valid JSON (\(error))")
        }
    }

    var object: [String: TargetsJSONValue]? { if case .object(let value) = self { value } else { nil } }
    var array: [TargetsJSONValue]? { if case .array(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
}
