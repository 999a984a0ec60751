import Foundation
import Testing

/// The dashboard as a browser shows it: Debian's headless Chromium (installed by `make test` through
/// `scripts/install-deps.sh`) loads a page from the server, and the test reads the DOM it built and keeps its
/// screenshot as an artifact (`.build/test-artifacts/dashboard.png`, or `$POPSTREAM_TEST_ARTIFACTS/dashboard.png`).
@Suite("Dashboard in headless Chromium")
struct DashboardChromiumTests {
    static var chromium: URL? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var artifacts: URL {
        if let folder = ProcessInfo.processInfo.environment["POPSTREAM_TEST_ARTIFACTS"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts")
    }

    @Test("Chromium shows the area, its indicators and the charts; the screenshot is written", .enabled(if: chromium != nil),
          .timeLimit(.minutes(2)))
    func rendersInChromium() async throws {
        let chromium = try #require(Self.chromium)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-chromium-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: profile) }
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let screenshot = Self.artifacts.appendingPathComponent("dashboard.png")
        try? FileManager.default.removeItem(at: screenshot)
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let url = server.base + "/areas/01?year=2025"
                let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile.path, "--window-size=1280,900"]
                let dom = try await Subprocess.run(chromium, common + ["--dump-dom", url], timeout: 60)
                #expect(dom.status == 0, "\(dom.stderr)")
                #expect(dom.stdout.contains("<h1>Tỉnh Một <span class=\"code\">01</span></h1>"))
                #expect(dom.stdout.contains("data-indicator=\"newborn_screening_coverage\""))
                #expect(dom.stdout.contains("<rect class=\"bar status-ok\""))
                #expect(dom.stdout.contains("<svg class=\"trend\""))
                let shot = try await Subprocess.run(chromium, common + ["--hide-scrollbars", "--screenshot=" + screenshot.path, url], timeout: 60)
                #expect(shot.status == 0, "\(shot.stderr)")
            }
        }
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG file")
        #expect(png.count > 20_000, "a page with content, not a blank one")
    }
}
