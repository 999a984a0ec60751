import ChildProcesses
import Foundation
import Testing
import PopStreamCore

/// Runs the built `popstream` binary as a subprocess, as an operator would.
@Suite struct ValidateCommandTests {
    func run(_ arguments: [String], stdin: String? = nil) async throws -> Subprocess.Output {
        try await Subprocess.run(try Subprocess.popstreamURL(), arguments, stdin: stdin.map { Data($0.utf8) })
    }

    func temporaryFile(_ text: String, name: String = "events.jsonl") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test(arguments: EventKind.allCases)
    func mixedFileReportsExactlyTheBadLines(kind: EventKind) async throws {
        let (text, expected) = ValidateFixtures.mixedFile(kind)
        let file = try temporaryFile(text)
        let result = try await run(["validate", "--kind", kind.rawValue, "--file", file.path])
        #expect(result.status == 1)
        var lines = result.stdout.split(separator: "\n").map(String.init)
        let summary = lines.popLast()
        #expect(summary == "checked 13 lines: \(13 - expected.count) valid, \(expected.count) rejected (2 blank lines skipped)")
        var reported: [Int: String] = [:]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(parts.count == 3, "\(line)")
            if let number = Int(parts[0]) { reported[number] = parts[1] }
        }
        #expect(reported == expected.mapValues(\.rawValue))
        #expect(lines.map { Int($0.prefix { $0 != ":" }) ?? 0 } == expected.keys.sorted())
        // No per-person field is echoed: neither subject ids nor dates (map ids such as two-level-2025-07 may be named).
        let withoutMapIds = result.stdout.replacingOccurrences(of: BundledAreas.twoLevel2025Name, with: "")
            .replacingOccurrences(of: BundledAreas.threeLevel2025Name, with: "")
        #expect(!result.stdout.contains("s-4") && !withoutMapIds.contains("2025-"))
    }

    @Test func allValidExitsZero() async throws {
        let text = (1...3).map { ValidateFixtures.event(.elderlyRecord, subject: "e-\($0)") }.joined(separator: "\n")
        let result = try await run(["validate", "--kind", "elderly-record", "--file", try temporaryFile(text).path])
        #expect(result.status == 0)
        #expect(result.stdout == "checked 3 lines: 3 valid, 0 rejected\n")
    }

    @Test func readsStandardInput() async throws {
        let text = ValidateFixtures.event(.newbornScreening, subject: "n-1") + "\n{\n"
        let result = try await run(["validate", "--kind", "newborn-screening", "--file", "-"], stdin: text)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("2: invalid_json: "))
    }

    @Test func areasFileAndBundledName() async throws {
        let old = ValidateFixtures.event(.newbornScreening, subject: "n-1").replacingOccurrences(of: "01840", with: "00001")
        let file = try temporaryFile(old)
        #expect(try await run(["validate", "--kind", "newborn-screening", "--file", file.path]).status == 1)
        #expect(try await run(["validate", "--kind", "newborn-screening", "--file", file.path,
                         "--areas", "three-level-2025-03"]).status == 0)
        let csv = try temporaryFile("code,name,level,parentCode\nVN,Việt Nam,national,\n00001,Phúc Xá,commune,VN\n",
                                    name: "areas.csv")
        #expect(try await run(["validate", "--kind", "newborn-screening", "--file", file.path, "--areas", csv.path]).status == 0)
    }

    @Test func badConfigurationExitsTwoWithOneLine() async throws {
        let events = try temporaryFile(ValidateFixtures.event(.newbornScreening, subject: "n-1"))
        let missing = try await run(["validate", "--kind", "newborn-screening", "--file", "/nonexistent/events.jsonl"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "popstream: --file /nonexistent/events.jsonl: no such file\n")
        let badCSV = try temporaryFile("code,name,level,parentCode\nVN,Việt Nam,national,\n01,X,province,ZZ\n", name: "bad.csv")
        let badAreas = try await run(["validate", "--kind", "newborn-screening", "--file", events.path, "--areas", badCSV.path])
        #expect(badAreas.status == 2)
        #expect(badAreas.stderr.contains("area registry line 3: unknown parent ZZ of area 01"))
        #expect(badAreas.stderr.split(separator: "\n").count == 1)
        let badKind = try await run(["validate", "--kind", "vaccination", "--file", events.path])
        #expect(badKind.status == 2)
    }

    @Test("standard input that cannot be read (a folder) is a configuration error, not a crash",
          arguments: [["validate", "--kind", "newborn-screening"], ["publish", "--bootstrap", "localhost:1", "--kind", "newborn-screening"]])
    func unreadableStandardInput(_ command: [String]) async throws {
        // The shell gives the command a folder as standard input; "$0" is popstream's path.
        let line = (["exec \"$0\""] + command + ["--file", "-", "< /"]).joined(separator: " ")
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", line, try Subprocess.popstreamURL().path])
        #expect(result.status == 2, "\(result.standardError)")
        #expect(result.standardError == "popstream: --file -: standard input cannot be read: Is a directory\n")
    }
}
