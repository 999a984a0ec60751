import Foundation
import Testing

/// schemathesis (PyPI) against `docs/openapi.yaml` and a running server: generated requests, valid and
/// invalid, with and without the token; no 5xx, every response as the document says, invalid input refused,
/// undeclared methods answered 405.
@Suite("OpenAPI document against schemathesis")
struct OpenAPISchemathesisTests {
    static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")

    /// The schemathesis command, when installed (`make test` installs it).
    static var schemathesis: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/root/.local/bin"] {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("schemathesis")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    @Test("no 5xx and every response conforms, without a token, with the right one, and refused without it",
          .enabled(if: schemathesis != nil, "needs schemathesis from PyPI (make test installs it)"), .timeLimit(.minutes(4)))
    func conforms() async throws {
        let schemathesis = try #require(Self.schemathesis)
        try await ReportStoreFixture.with(.sqlite) { fixture in
            for (token, header) in [(nil, nil), ("s3cret-token", "s3cret-token"), ("s3cret-token", nil)] as [(String?, String?)] {
                try await APIServerHarness.with(fixture, token: token) { server in
                    var arguments = ["run", Self.document.path, "--url", server.base, "--max-examples", "25", "--seed", "1",
                                     "--no-shrink", "--request-timeout", "20"]
                    if let header { arguments += ["--header", "Authorization: Bearer \(header)"] }
                    let output = try await Subprocess.run(schemathesis, arguments, timeout: 180)
                    #expect(output.status == 0, "token \(token ?? "none"), header \(header ?? "none"):\n\(output.stdout.suffix(4000))\(output.stderr.suffix(1000))")
                }
            }
        }
    }
}
