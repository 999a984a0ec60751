extension IndicatorRow {
    /// The row as compact JSON: the interfaces spec's thirteen keys in the spec's order, `null` included,
    /// numbers unrounded, then `exact` and `spans` when they apply (see the type). The bytes are the same in every process (Foundation's `JSONEncoder` on Linux writes
    /// keys in an order that changes from one process to the next).
    public func jsonBytes() -> [UInt8] {
        var json = AlertJSONWriter()
        json.beginObject()
        json.key("indicator"); json.string(indicator.rawValue)
        json.key("area"); json.string(area)
        json.key("areaName"); json.string(areaName)
        json.key("level"); json.string(level)
        json.key("period"); json.string(period.description)
        json.key("numerator"); json.integer(numerator)
        json.key("denominator"); denominator.map { json.integer($0) } ?? json.null()
        json.key("value"); json.number(value)
        json.key("lower"); json.number(lower)
        json.key("upper"); json.number(upper)
        json.key("unit"); json.string(unit.rawValue)
        json.key("target"); json.target(target)
        json.key("status"); json.string(status.rawValue)
        if !exact { json.key("exact"); json.bool(false) }
        if let spans { json.key("spans"); json.strings(spans) }
        json.endObject()
        return json.bytes
    }

    /// `rows` as one compact JSON array of ``jsonBytes()`` objects.
    public static func jsonArrayBytes(_ rows: some Sequence<IndicatorRow>) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, row) in rows.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: row.jsonBytes())
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }
}
