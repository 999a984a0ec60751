import Foundation
import Testing

/// `docs/openapi.yaml` says what the server answers: every documented path is served, with the status and
/// content type documented for a good request.
@Suite("docs/openapi.yaml matches the server")
struct OpenAPIDocumentTests {
    /// A documented path and the media type of its `200` answer.
    struct DocumentedPath: Equatable {
        var path: String
        var mediaType: String?
    }

    /// The paths of the document (two-space keys under `paths:`) with the first media type of their 200 answer.
    static func documentedPaths() throws -> [DocumentedPath] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "paths:") else { return [] }
        var paths: [DocumentedPath] = []
        var inOK = false, inContent = false
        for line in lines[(start + 1)...] {
            if !line.isEmpty, !line.hasPrefix(" ") { break }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                paths.append(DocumentedPath(path: String(line.dropFirst(2).dropLast()), mediaType: nil))
                inOK = false
                inContent = false
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("\"") { inOK = trimmed.hasPrefix("\"200\""); inContent = false; continue }
            if inOK, trimmed == "content:" { inContent = true; continue }
            if inOK, inContent, paths.last?.mediaType == nil, trimmed.hasSuffix(":") {
                paths[paths.count - 1].mediaType = String(trimmed.dropLast())
                inContent = false
            }
        }
        return paths
    }

    @Test("every path of the document answers 200 with its documented media type", .timeLimit(.minutes(3)))
    func everyPathIsServed() async throws {
        let documented = try Self.documentedPaths()
        #expect(documented.map(\.path).sorted() == ["/", "/api/v1/alerts", "/api/v1/areas/{code}", "/api/v1/indicators", "/areas/{code}",
                                                     "/healthz", "/metrics", "/readyz"])
        #expect(documented.allSatisfy { $0.mediaType != nil }, "\(documented)")
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture, token: "openapi-token") { server in
                for entry in documented {
                    let answer = try await server.get(entry.path.replacingOccurrences(of: "{code}", with: "011"))
                    #expect(answer.status == 200, "\(entry.path)")
                    #expect(answer.contentType.hasPrefix(entry.mediaType ?? "?"), "\(entry.path): \(answer.contentType)")
                }
            }
        }
    }
}
