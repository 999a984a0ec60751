/// The field names the decoder looks up, per object, as byte string tables. Positions are the `Slot` constants.
enum EventFieldNames {
    /// Envelope slots, shared by every kind's table (kind fields follow from `firstKindSlot`).
    enum Envelope {
        static let eventId = 0, schemaVersion = 1, kind = 2, subjectId = 3, revision = 4, recordedAt = 5,
                   facilityCode = 6, areaCode = 7, retracted = 8, areaMap = 9
        static let names = ["eventId", "schemaVersion", "kind", "subjectId", "revision", "recordedAt",
                            "facilityCode", "areaCode", "retracted", "areaMap"]
    }

    static let firstKindSlot = Envelope.names.count

    enum Prenatal {
        static let registeredOn = firstKindSlot, motherBirthYear = firstKindSlot + 1, ethnicity = firstKindSlot + 2,
                   screenings = firstKindSlot + 3
        static let names = ["registeredOn", "motherBirthYear", "ethnicity", "screenings"]
    }

    enum Newborn {
        static let birthDate = firstKindSlot, sex = firstKindSlot + 1, birthWeightGrams = firstKindSlot + 2,
                   ethnicity = firstKindSlot + 3, screenings = firstKindSlot + 4
        static let names = ["birthDate", "sex", "birthWeightGrams", "ethnicity", "screenings"]
    }

    enum Premarital {
        static let registeredOn = firstKindSlot, partners = firstKindSlot + 1, consanguineous = firstKindSlot + 2
        static let names = ["registeredOn", "partners", "consanguineous"]
    }

    enum Partner {
        static let sex = 0, birthDate = 1, checkup = 2, ethnicity = 3
        static let names = ["sex", "birthDate", "checkup", "ethnicity"]
        static let table = bytes(names)
    }

    enum Elderly {
        static let reportingYear = firstKindSlot, birthDate = firstKindSlot + 1, sex = firstKindSlot + 2,
                   hasHealthInsurance = firstKindSlot + 3, hasHealthRecord = firstKindSlot + 4,
                   checkupsThisYear = firstKindSlot + 5, careSetting = firstKindSlot + 6
        static let names = ["reportingYear", "birthDate", "sex", "hasHealthInsurance", "hasHealthRecord",
                            "checkupsThisYear", "careSetting"]
    }

    static let prenatalTable = bytes(Envelope.names + Prenatal.names)
    static let newbornTable = bytes(Envelope.names + Newborn.names)
    static let premaritalTable = bytes(Envelope.names + Premarital.names)
    static let elderlyTable = bytes(Envelope.names + Elderly.names)

    /// The top-level table of a kind: envelope fields then the kind's fields.
    static func table(for kind: EventKind) -> ByteStringTable {
        switch kind {
        case .prenatalScreening: prenatalTable
        case .newbornScreening: newbornTable
        case .premaritalCheckup: premaritalTable
        case .elderlyRecord: elderlyTable
        }
    }

    private static func bytes(_ names: [String]) -> ByteStringTable { ByteStringTable(names) }
}
