/// The vocabularies of the contract as byte tables (built once).
enum Vocabulary {
    static let kinds = EnumTable<EventKind>()
    static let prenatalConditions = EnumTable<PrenatalCondition>()
    static let prenatalResults = EnumTable<PrenatalResult>()
    static let newbornConditions = EnumTable<NewbornCondition>()
    static let newbornResults = EnumTable<NewbornResult>()
    static let newbornSexes = EnumTable<NewbornSex>()
    static let partnerSexes = EnumTable<PartnerSex>()
    static let checkupLevels = EnumTable<PremaritalCheckupLevel>()
    static let careSettings = EnumTable<CareSetting>()
}
