/// Decodes and validates the JSON value of a health event (contract sections 2, 3 and 7).
///
/// Configured with the area registry in use; one value can be shared by any number of tasks. The input is
/// read in place (no Foundation, one parse into a flat tape, few allocations): this is every worker's hot path.
///
/// ```swift
/// let decoder = EventDecoder(registry: BundledAreas.twoLevel2025)
/// do {
///     let event = try decoder.decode(message.value, kind: .newbornScreening, key: message.key)
/// } catch {
///     deadLetter(reason: error.reason.rawValue, detail: error.detail)   // error is an EventRejection
/// }
/// ```
///
/// Checks run in a fixed order and the first failure is reported; see docs/events.md, "Check precedence".
public struct EventDecoder: Sendable {
    /// Largest accepted value, in bytes (64 KiB); larger is `too_large`.
    public static let maximumEventBytes = 65_536
    /// Length of `eventId` and `subjectId`, in Unicode scalars.
    public static let identifierLength = 1...128
    /// Length of `facilityCode`, in Unicode scalars.
    public static let facilityCodeLength = 1...64
    /// Length of an `ethnicity` code, in Unicode scalars.
    public static let ethnicityLength = 1...64
    /// Accepted `birthWeightGrams`.
    public static let birthWeightGrams = 300...7000
    /// Age on 31 December of `reportingYear` from which an elderly record is in scope.
    public static let elderlyMinimumAge = 60
    /// Earliest accepted `reportingYear` and `motherBirthYear`.
    public static let earliestYear = 1900

    /// The area maps events are placed on (each on the map in force on its anchor date).
    public let maps: AreaMapSet

    /// The registry of the latest map.
    public var registry: AreaRegistry { maps.maps[maps.maps.count - 1].registry }

    /// A decoder checking area codes against `registry` alone, on every date (by default the current
    /// two-level map); decoded events name no map.
    public init(registry: AreaRegistry = BundledAreas.defaultRegistry) {
        self.maps = .single(registry, id: "")
    }

    /// A decoder placing each event on the map of `maps` in force on its anchor date, or the one its
    /// `areaMap` names; decoded events carry the map's id in `envelope.areaMap`.
    public init(maps: AreaMapSet) {
        self.maps = maps
    }

    /// Decodes one event value read from the topic of `kind`.
    /// - Parameters:
    ///   - bytes: the message value (UTF-8 JSON).
    ///   - kind: the kind of the topic the message came from.
    ///   - key: the Kafka key, or `nil` when the message has none; when present it must equal `subjectId`.
    /// - Throws: `EventRejection` with the dead-letter reason and detail.
    public func decode(_ bytes: UnsafeRawBufferPointer, kind: EventKind,
                       key: UnsafeRawBufferPointer? = nil) throws(EventRejection) -> HealthEvent {
        let value = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        let keyBytes = key.map {
            UnsafeBufferPointer(start: $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count: $0.count)
        }
        return try decodeBuffer(value, kind: kind, key: keyBytes)
    }

    /// Decodes one event value held in an array of bytes (see `decode(_:kind:key:)`).
    public func decode(_ bytes: [UInt8], kind: EventKind, key: [UInt8]? = nil) throws(EventRejection) -> HealthEvent {
        let result: Result<HealthEvent, EventRejection> = bytes.withUnsafeBufferPointer { value in
            guard let key else { return Result { () throws(EventRejection) in try decodeBuffer(value, kind: kind, key: nil) } }
            return key.withUnsafeBufferPointer { keyBytes in
                Result { () throws(EventRejection) in try decodeBuffer(value, kind: kind, key: keyBytes) }
            }
        }
        return try result.get()
    }

    /// Decodes one event value given as text (see `decode(_:kind:key:)`).
    public func decode(_ json: String, kind: EventKind, key: String? = nil) throws(EventRejection) -> HealthEvent {
        try decode(Array(json.utf8), kind: kind, key: key.map { Array($0.utf8) })
    }

    func decodeBuffer(_ bytes: UnsafeBufferPointer<UInt8>, kind: EventKind,
                      key: UnsafeBufferPointer<UInt8>?) throws(EventRejection) -> HealthEvent {
        guard bytes.count <= EventDecoder.maximumEventBytes else {
            throw EventRejection(.tooLarge, "event is \(bytes.count) bytes, the limit is \(EventDecoder.maximumEventBytes)")
        }
        let document: JSONDocument
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw EventRejection(.invalidJSON, "at byte \(error.offset): \(error.message)")
        }
        let decoding = try EventDecoding(document: document, kind: kind)
        return try decoding.decode(key: key, maps: maps)
    }
}
