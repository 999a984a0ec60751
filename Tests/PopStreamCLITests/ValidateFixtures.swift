import PopStreamCore

/// Events files for the `validate` tests: valid and invalid lines of every kind, with the expected outcome.
enum ValidateFixtures {
    static func envelope(_ kind: EventKind, subject: String) -> String {
        #""eventId":"evt-\#(subject)","schemaVersion":1,"kind":"\#(kind.rawValue)","subjectId":"\#(subject)","#
            + #""revision":1,"recordedAt":"2025-09-04T10:00:03+07:00","facilityCode":"BV-01","areaCode":"01840""#
    }

    static func body(_ kind: EventKind) -> String {
        switch kind {
        case .prenatalScreening:
            #""registeredOn":"2025-09-01","screenings":{"down_syndrome":"low_risk"}"#
        case .newbornScreening:
            #""birthDate":"2025-09-02","sex":"male","screenings":{"hearing_loss":"negative"}"#
        case .premaritalCheckup:
            #""registeredOn":"2025-09-01","partners":[{"sex":"male","birthDate":"1990-01-01","checkup":"none"},"#
                + #"{"sex":"female","birthDate":"2008-01-01","checkup":"counseling"}],"consanguineous":true"#
        case .elderlyRecord:
            #""reportingYear":2025,"birthDate":"1950-01-01","sex":"female","hasHealthInsurance":true,"#
                + #""hasHealthRecord":true,"checkupsThisYear":1,"careSetting":"home""#
        }
    }

    static func event(_ kind: EventKind, subject: String, replacing: (String, String)? = nil) -> String {
        var text = "{" + envelope(kind, subject: subject) + "," + body(kind) + "}"
        if let (old, new) = replacing { text = text.replacingOccurrences(of: old, with: new) }
        return text
    }

    /// A kind-specific broken value: (text to replace, replacement, expected reason).
    static func kindBreakage(_ kind: EventKind) -> (String, String, DeadLetterReason) {
        switch kind {
        case .prenatalScreening: (#""low_risk""#, #""maybe""#, .schemaViolation)
        case .newbornScreening: (#""sex":"male""#, #""sex":"boy""#, .schemaViolation)
        case .premaritalCheckup: (#"{"sex":"male","#, #"{"sex":"male","extra":1},{"sex":"male","#, .schemaViolation)
        case .elderlyRecord: (#""1950-01-01""#, #""1970-01-01""#, .outOfScope)
        }
    }

    /// The file's text and the expected rejections by line number.
    static func mixedFile(_ kind: EventKind) -> (text: String, rejected: [Int: DeadLetterReason]) {
        let breakage = kindBreakage(kind)
        let lines: [(String, DeadLetterReason?)] = [
            (event(kind, subject: "s-1"), nil),
            ("s-2\t" + event(kind, subject: "s-2"), nil),
            ("", nil),
            ("s-3\t" + event(kind, subject: "s-4"), .keyMismatch),
            (event(kind, subject: "s-5", replacing: ("\"revision\":1", "\"revision\":1.0")), .schemaViolation),
            (event(kind, subject: "s-6", replacing: ("\"01840\"", "\"99999\"")), .unknownArea),
            (event(kind, subject: "s-7", replacing: ("\"schemaVersion\":1", "\"schemaVersion\":2")), .unsupportedSchemaVersion),
            ("{\"eventId\":", .invalidJSON),
            (event(kind, subject: "s-9", replacing: ("2025-09-04T10", "2025-02-30T10")), .invalidDate),
            (event(kind, subject: "s-10", replacing: breakage.0 == "" ? nil : (breakage.0, breakage.1)), breakage.2),
            ("   ", nil),
            (event(kind, subject: "s-12") + "\r", nil),
            (event(kind, subject: "s-13", replacing: ("\"kind\":\"\(kind.rawValue)\"", "\"kind\":\"other\"")), .wrongKind),
            ("{\"pad\":\"" + String(repeating: "x", count: 70_000) + "\"}", .tooLarge),
            ("s-15\t" + event(kind, subject: "s-15"), nil),
        ]
        var rejected: [Int: DeadLetterReason] = [:]
        for (index, line) in lines.enumerated() { if let reason = line.1 { rejected[index + 1] = reason } }
        return (lines.map(\.0).joined(separator: "\n") + "\n", rejected)
    }
}
