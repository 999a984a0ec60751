import Foundation
import PopStreamCore

/// Finds areas by code or by a part of their name, ignoring case and Vietnamese diacritics (`ha noi` finds
/// `Hà Nội`, `dak` finds `Đắk Lắk`).
struct AreaSearch: Sendable {
    private let registry: AreaRegistry
    private let foldedNames: [String]

    init(registry: AreaRegistry) {
        self.registry = registry
        self.foldedNames = registry.areas.map { Self.folded($0.name) }
    }

    /// The area whose code is `query` exactly (spaces around it ignored), if any.
    func exact(_ query: String) -> Area? {
        registry.area(query.trimmingCharacters(in: .whitespaces))
    }

    /// The areas whose name contains `query` (folded), in registry order, at most `limit`.
    func matches(_ query: String, limit: Int) -> [Area] {
        let needle = Self.folded(query.trimmingCharacters(in: .whitespaces))
        guard !needle.isEmpty else { return [] }
        var found: [Area] = []
        for (index, name) in foldedNames.enumerated() where name.contains(needle) {
            found.append(registry.areas[index])
            if found.count == limit { break }
        }
        return found
    }

    /// Lower case, without diacritics, `đ` as `d`, runs of spaces as one.
    static func folded(_ text: String) -> String {
        let plain = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return plain.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
