import Foundation
import PopStreamCore

/// The JSON of report rows: one array of the interfaces spec's objects, every key present (`null` included)
/// in the spec's order, numbers unrounded (``IndicatorRow/jsonArrayBytes(_:)``). `popstream report --format
/// json` and `GET /api/v1/indicators` write the same bytes.
public enum ReportJSON {
    /// The rows as compact UTF-8 JSON.
    public static func data(_ rows: [IndicatorRow]) -> Data {
        Data(IndicatorRow.jsonArrayBytes(rows))
    }

    /// The rows as a JSON text.
    public static func text(_ rows: [IndicatorRow]) -> String {
        String(decoding: IndicatorRow.jsonArrayBytes(rows), as: UTF8.self)
    }
}
