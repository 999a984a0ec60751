/// One administrative area of the registry (a province, district, commune, ward...).
public struct Area: Hashable, Sendable, Codable {
    /// The statistics office's code, e.g. `01` (Hà Nội) or `01969`.
    public var code: String
    public var name: String
    /// The level's name as the registry file gives it (`national`, `province`, `district`, `commune`...).
    public var level: String
    /// `nil` for a root.
    public var parentCode: String?

    public init(code: String, name: String, level: String, parentCode: String?) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
    }
}
