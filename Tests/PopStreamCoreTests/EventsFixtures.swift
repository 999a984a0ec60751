@testable import PopStreamCore

/// A JSON event built field by field (raw JSON values, in order), so tests can change one field at a time.
struct EventJSON: CustomStringConvertible {
    var kind: EventKind
    var fields: [(key: String, raw: String)]

    /// `key` set to the raw JSON `raw` (replaced in place, or appended).
    func with(_ key: String, _ raw: String) -> EventJSON {
        var copy = self
        if let index = copy.fields.firstIndex(where: { $0.key == key }) {
            copy.fields[index].raw = raw
        } else {
            copy.fields.append((key, raw))
        }
        return copy
    }

    /// `key` set to a JSON string.
    func with(_ key: String, string: String) -> EventJSON { with(key, "\"\(string)\"") }

    func without(_ key: String) -> EventJSON {
        var copy = self
        copy.fields.removeAll { $0.key == key }
        return copy
    }

    var description: String { "{" + fields.map { "\"\($0.key)\":\($0.raw)" }.joined(separator: ",") + "}" }
    var bytes: [UInt8] { Array(description.utf8) }

    static func envelope(_ kind: EventKind, subject: String) -> EventJSON {
        EventJSON(kind: kind, fields: [
            ("eventId", "\"evt-\(subject)-r1\""), ("schemaVersion", "1"), ("kind", "\"\(kind.rawValue)\""),
            ("subjectId", "\"\(subject)\""), ("revision", "1"), ("recordedAt", "\"2025-09-04T10:00:03+07:00\""),
            ("facilityCode", "\"BV-TN-01\""), ("areaCode", "\"01840\""),
        ])
    }

    static var prenatal: EventJSON {
        envelope(.prenatalScreening, subject: "preg-0001")
            .with("registeredOn", string: "2025-09-01").with("motherBirthYear", "1995").with("ethnicity", string: "01")
            .with("screenings", #"{"down_syndrome":"low_risk","edwards_syndrome":"high_risk","thalassemia":"not_screened"}"#)
    }

    static var newborn: EventJSON {
        envelope(.newbornScreening, subject: "nb-0001")
            .with("birthDate", string: "2025-09-02").with("sex", string: "female").with("birthWeightGrams", "3100")
            .with("screenings", #"{"congenital_hypothyroidism":"negative","g6pd_deficiency":"positive","hearing_loss":"negative"}"#)
    }

    static func partner(_ sex: String, _ birthDate: String, _ checkup: String = "counseling_and_examination") -> String {
        #"{"sex":"\#(sex)","birthDate":"\#(birthDate)","checkup":"\#(checkup)","ethnicity":"01"}"#
    }

    static var premarital: EventJSON {
        envelope(.premaritalCheckup, subject: "cpl-0001")
            .with("registeredOn", string: "2025-09-01")
            .with("partners", "[\(partner("male", "1998-04-02")),\(partner("female", "2000-11-30", "counseling"))]")
            .with("consanguineous", "false")
    }

    static var elderly: EventJSON {
        envelope(.elderlyRecord, subject: "eld-0001")
            .with("reportingYear", "2025").with("birthDate", string: "1950-05-01").with("sex", string: "male")
            .with("hasHealthInsurance", "true").with("hasHealthRecord", "false").with("checkupsThisYear", "2")
            .with("careSetting", string: "community")
    }

    static func valid(_ kind: EventKind) -> EventJSON {
        switch kind {
        case .prenatalScreening: prenatal
        case .newbornScreening: newborn
        case .premaritalCheckup: premarital
        case .elderlyRecord: elderly
        }
    }
}

/// Decodes with the default (two-level) registry and returns the rejection, or `nil` when accepted.
func rejection(_ event: EventJSON, key: String? = nil) -> EventRejection? {
    rejection(event.bytes, kind: event.kind, key: key)
}

func rejection(_ bytes: [UInt8], kind: EventKind, key: String? = nil) -> EventRejection? {
    do {
        _ = try EventDecoder().decode(bytes, kind: kind, key: key.map { Array($0.utf8) })
        return nil
    } catch {
        return error
    }
}

func decoded(_ event: EventJSON, key: String? = nil) throws -> HealthEvent {
    try EventDecoder().decode(event.bytes, kind: event.kind, key: key.map { Array($0.utf8) })
}
