/// The contract's JSON form of an event (what a hospital publishes): used by the simulator, the
/// benchmarks and the tests. Decoding it gives the same event back, `recordedAt` kept to the millisecond
/// and written in UTC.
extension HealthEvent {
    /// The event as one compact JSON object (UTF-8).
    public func jsonText() -> String {
        var json = EventJSONWriter()
        let envelope = self.envelope
        json.string("eventId", envelope.eventId)
        json.raw("schemaVersion", String(envelope.schemaVersion))
        json.string("kind", envelope.kind.rawValue)
        json.string("subjectId", envelope.subjectId)
        json.raw("revision", String(envelope.revision))
        json.string("recordedAt", AlertTimestamp.format(epochSeconds: envelope.recordedAt))
        json.string("facilityCode", envelope.facilityCode)
        json.string("areaCode", envelope.areaCode)
        if let areaMap = envelope.areaMap { json.string("areaMap", areaMap) }
        if envelope.retracted { json.raw("retracted", "true") }
        switch body {
        case .prenatal(let screening):
            json.string("registeredOn", screening.registeredOn.description)
            if let year = screening.motherBirthYear { json.raw("motherBirthYear", String(year)) }
            if let ethnicity = screening.ethnicity { json.string("ethnicity", ethnicity) }
            json.raw("screenings", EventJSONWriter.object(screening.screenings.map { ($0.key.rawValue, $0.value.rawValue) }))
        case .newborn(let screening):
            json.string("birthDate", screening.birthDate.description)
            json.string("sex", screening.sex.rawValue)
            if let grams = screening.birthWeightGrams { json.raw("birthWeightGrams", String(grams)) }
            if let ethnicity = screening.ethnicity { json.string("ethnicity", ethnicity) }
            json.raw("screenings", EventJSONWriter.object(screening.screenings.map { ($0.key.rawValue, $0.value.rawValue) }))
        case .premarital(let checkup):
            json.string("registeredOn", checkup.registeredOn.description)
            let partners = checkup.partners.map { partner in
                var object = EventJSONWriter()
                object.string("sex", partner.sex.rawValue)
                object.string("birthDate", partner.birthDate.description)
                object.string("checkup", partner.checkup.rawValue)
                if let ethnicity = partner.ethnicity { object.string("ethnicity", ethnicity) }
                return object.text
            }
            json.raw("partners", "[" + partners.joined(separator: ",") + "]")
            json.raw("consanguineous", checkup.consanguineous ? "true" : "false")
        case .elderly(let record):
            json.raw("reportingYear", String(record.reportingYear))
            json.string("birthDate", record.birthDate.description)
            json.string("sex", record.sex.rawValue)
            json.raw("hasHealthInsurance", record.hasHealthInsurance ? "true" : "false")
            json.raw("hasHealthRecord", record.hasHealthRecord ? "true" : "false")
            json.raw("checkupsThisYear", String(record.checkupsThisYear))
            json.string("careSetting", record.careSetting.rawValue)
        case nil:
            if let year = envelope.reportingYear { json.raw("reportingYear", String(year)) }
        }
        return json.text
    }
}

/// Builds one JSON object member by member, keys in call order.
struct EventJSONWriter {
    private var members: [String] = []

    mutating func string(_ key: String, _ value: String) {
        members.append(Self.quoted(key) + ":" + Self.quoted(value))
    }

    mutating func raw(_ key: String, _ json: String) {
        members.append(Self.quoted(key) + ":" + json)
    }

    var text: String { "{" + members.joined(separator: ",") + "}" }

    /// An object of string values, keys sorted (deterministic bytes).
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.sorted { $0.0 < $1.0 }.map { quoted($0.0) + ":" + quoted($0.1) }.joined(separator: ",") + "}"
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
