import PopStreamCore

/// Realistic synthetic hospital traffic, without any I/O: given the settings (seed, clock, rate, areas,
/// scenario) it yields the same messages, byte for byte, whenever and however fast it is asked.
///
/// Each message is one of: a new unit (kind in proportion to `TrafficMix.kindWeights`, commune in proportion
/// to population, anchor date in the year to date with the kind's seasonality), a revision of a recent unit
/// (sometimes moving it to another commune or month), a retraction, a duplicate, a stale late copy, or, with
/// probability `badShare`, a malformed event of a dead-letter reason. Scenario anomalies change the rates
/// (and concentrate new units) in their area while they are active.
struct SimulationGenerator {
    /// The settings the messages depend on.
    let settings: SimulationSettings
    /// The clock's local date (Vietnam).
    let today: LocalDate
    private let weights: AreaWeights
    private let factory: EventBodyFactory
    private let malformer: BadEventMaker
    private let samplers: [EventKind: AnchorDateSampler]
    private let kinds: [EventKind]
    private let kindCumulative: [Double]
    /// For each anomaly (same order), the communes it covers with their running weights.
    private let anomalyLeaves: [(codes: [String], cumulative: [Double])]
    private let seedTag: String
    private var random: SimulationRandom
    private var units: [SimulatedUnit] = []
    private var nextSlot = 0
    private var unitCount = 0
    private var badCount = 0
    /// For each anomaly (same order), the running quota of its outcome (see `rates`).
    private var quotas: [Double]
    /// Messages produced so far (the index of the next one).
    private(set) var produced = 0

    /// Revisions that later ones replaced, for stale late copies (at most `TrafficMix.rememberedUnits`).
    private var superseded: [HealthEvent] = []
    private var nextSupersededSlot = 0

    /// A recently sent unit: its latest revision, and its message for duplicates.
    private struct SimulatedUnit {
        var event: HealthEvent
        var message: SimulatedMessage
    }

    init(settings: SimulationSettings) {
        self.settings = settings
        let today = LocalDate(vietnamDateOf: settings.clock) ?? Self.epoch
        self.today = today
        let weights = AreaWeights(registry: settings.registry, table: settings.reference)
        self.weights = weights
        factory = EventBodyFactory(registry: settings.registry, reference: settings.reference)
        malformer = BadEventMaker(registry: settings.registry)
        var samplers: [EventKind: AnchorDateSampler] = [:]
        for kind in EventKind.allCases {
            samplers[kind] = AnchorDateSampler(today: today, curve: Seasonality.curve(for: kind), earliest: settings.earliestAnchor)
        }
        self.samplers = samplers
        let chosen = EventKind.allCases.filter { settings.kinds.contains($0) }
        let kinds = chosen.isEmpty ? EventKind.allCases : chosen
        self.kinds = kinds
        kindCumulative = cumulativeSums(kinds.map { TrafficMix.kindWeights[$0] ?? 1 })
        anomalyLeaves = settings.scenario.anomalies.map { anomaly in
            weights.leaves(under: anomaly.area, registry: settings.registry)
        }
        seedTag = String(settings.seed, radix: 36)
        quotas = Array(repeating: 0.5, count: settings.scenario.anomalies.count)
        random = SimulationRandom(seed: settings.seed)
    }

    /// Used only for a clock outside years 1...9999, which the command refuses.
    private static let epoch: LocalDate = {
        guard let date = LocalDate(year: 1970, month: 1, day: 1) else { preconditionFailure("1970-01-01 exists") }
        return date
    }()

    /// The next `count` messages.
    mutating func messages(count: Int) -> [SimulatedMessage] {
        (0..<max(0, count)).map { _ in next() }
    }

    /// The next message.
    mutating func next() -> SimulatedMessage {
        let offset = Double(produced) / settings.rate
        produced += 1
        let recordedAt = ((settings.clock + offset) * 1000).rounded(.down) / 1000
        if random.chance(settings.badShare) { return bad(offset: offset, recordedAt: recordedAt) }
        let roll = random.unit()
        guard !units.isEmpty else { return newUnit(offset: offset, recordedAt: recordedAt) }
        var threshold = TrafficMix.revision
        if roll < threshold { return revision(offset: offset, recordedAt: recordedAt, retracting: false) }
        threshold += TrafficMix.retraction
        if roll < threshold { return revision(offset: offset, recordedAt: recordedAt, retracting: true) }
        threshold += TrafficMix.duplicate
        if roll < threshold {
            let original = units[random.below(units.count)].message
            return SimulatedMessage(kind: original.kind, key: original.key, value: original.value, category: .duplicate,
                                    offset: offset)
        }
        threshold += TrafficMix.stale
        if roll < threshold, let message = staleCopy(offset: offset) { return message }
        return newUnit(offset: offset, recordedAt: recordedAt)
    }

    // MARK: - Categories

    private mutating func newUnit(offset: Double, recordedAt: Double) -> SimulatedMessage {
        let kind = kinds[random.index(cumulative: kindCumulative)]
        unitCount += 1
        let subject = "\(Self.prefix(kind))-\(seedTag)-\(unitCount)"
        let area = newArea(kind: kind, offset: offset)
        let date = sampler(kind).draw(&random)
        let event = makeEvent(kind: kind, subject: subject, revision: 1, area: area, date: date, previous: nil,
                              recordedAt: recordedAt, offset: offset)
        let message = SimulatedMessage(kind: kind, key: subject, value: Array(event.jsonText().utf8), category: .newUnit,
                                       offset: offset)
        remember(SimulatedUnit(event: event, message: message))
        return message
    }

    private mutating func revision(offset: Double, recordedAt: Double, retracting: Bool) -> SimulatedMessage {
        let index = random.below(units.count)
        let old = units[index].event
        let kind = old.kind
        let subject = old.envelope.subjectId
        let revision = old.envelope.revision + 1
        let event: HealthEvent
        if retracting {
            let envelope = EventEnvelope(eventId: "\(subject)-r\(revision)", kind: kind, subjectId: subject,
                                         revision: revision, recordedAt: recordedAt,
                                         facilityCode: old.envelope.facilityCode, areaCode: old.envelope.areaCode,
                                         retracted: true, reportingYear: old.envelope.reportingYear)
            event = HealthEvent(envelope: envelope, body: nil)
        } else {
            var area = old.envelope.areaCode
            var date = Self.anchorDate(of: old) ?? today
            if random.chance(TrafficMix.moving) {
                if kind == .elderlyRecord || random.chance(0.5) {
                    area = weights.draw(&random)
                } else {
                    date = sampler(kind).drawInOtherMonth(than: date, &random)
                }
            }
            event = makeEvent(kind: kind, subject: subject, revision: revision, area: area, date: date, previous: old,
                              recordedAt: recordedAt, offset: offset)
        }
        let message = SimulatedMessage(kind: kind, key: subject, value: Array(event.jsonText().utf8),
                                       category: retracting ? .retraction : .revision, offset: offset)
        if retracting {
            forget(at: index)
        } else {
            units[index] = SimulatedUnit(event: event, message: message)
        }
        if superseded.count < TrafficMix.rememberedUnits {
            superseded.append(old)
        } else {
            superseded[nextSupersededSlot] = old
            nextSupersededSlot = (nextSupersededSlot + 1) % TrafficMix.rememberedUnits
        }
        return message
    }

    private mutating func staleCopy(offset: Double) -> SimulatedMessage? {
        guard !superseded.isEmpty else { return nil }
        var late = superseded[random.below(superseded.count)]
        late.envelope.eventId += "-late"
        return SimulatedMessage(kind: late.kind, key: late.envelope.subjectId, value: Array(late.jsonText().utf8),
                                category: .stale, offset: offset)
    }

    private mutating func bad(offset: Double, recordedAt: Double) -> SimulatedMessage {
        let kind = kinds[random.index(cumulative: kindCumulative)]
        badCount += 1
        let subject = "\(Self.prefix(kind))-\(seedTag)-x\(badCount)"
        let event = makeEvent(kind: kind, subject: subject, revision: 1, area: weights.draw(&random),
                              date: sampler(kind).draw(&random), previous: nil, recordedAt: recordedAt, offset: offset)
        let reasons = BadEventMaker.reasons(for: kind)
        let reason = random.element(of: reasons)
        let made = malformer.make(reason, from: event, &random)
        return SimulatedMessage(kind: kind, key: made.key, value: made.value, category: .bad(reason), offset: offset)
    }

    // MARK: - Building events

    private mutating func makeEvent(kind: EventKind, subject: String, revision: Int, area: String, date: LocalDate,
                                    previous: HealthEvent?, recordedAt: Double, offset: Double) -> HealthEvent {
        let rates = self.rates(kind: kind, area: area, offset: offset)
        let envelope = EventEnvelope(eventId: "\(subject)-r\(revision)", kind: kind, subjectId: subject,
                                     revision: revision, recordedAt: recordedAt,
                                     facilityCode: facility(kind: kind, area: area, subject: subject), areaCode: area,
                                     reportingYear: kind == .elderlyRecord ? today.year : nil)
        let body: EventBody
        switch (kind, previous?.body) {
        case (.newbornScreening, let kept):
            var keeping: NewbornScreening?
            if case .newborn(let value)? = kept { keeping = value }
            body = .newborn(factory.newborn(on: date, area: area, rates: rates, keeping: keeping, &random))
        case (.prenatalScreening, let kept):
            var keeping: PrenatalScreening?
            if case .prenatal(let value)? = kept { keeping = value }
            body = .prenatal(factory.prenatal(on: date, area: area, rates: rates, keeping: keeping, &random))
        case (.premaritalCheckup, let kept):
            var keeping: PremaritalCheckup?
            if case .premarital(let value)? = kept { keeping = value }
            body = .premarital(factory.premarital(on: date, area: area, rates: rates, keeping: keeping, &random))
        case (.elderlyRecord, let kept):
            var keeping: ElderlyRecord?
            if case .elderly(let value)? = kept { keeping = value }
            body = .elderly(factory.elderly(year: today.year, today: today, area: area, rates: rates, keeping: keeping,
                                            &random))
        }
        return HealthEvent(envelope: envelope, body: body)
    }

    /// The rates in `area` at `offset`: the baseline, the area's reference baselines (nearest area wins),
    /// then the first active anomaly of each indicator, whose outcome is decided by its quota.
    mutating func rates(kind: EventKind, area: String, offset: Double) -> EventRates {
        var rates = EventRates.baseline
        let chain = settings.registry.selfAndAncestors(of: area)
        for code in chain.reversed() {
            for (indicator, value) in (settings.reference.baselines[code] ?? [:]).sorted(by: { $0.key.rawValue < $1.key.rawValue })
            where indicator.kind == kind {
                rates = rates.applying(indicator, value: value)
            }
        }
        for (index, anomaly) in settings.scenario.anomalies.enumerated()
        where anomaly.kind == kind && anomaly.isActive(at: offset) && rates.forced[anomaly.indicator] == nil
            && chain.contains(anomaly.area) {
            rates = rates.applying(anomaly.indicator, value: anomaly.value)
            // Error diffusion: the share of `true` outcomes in the area tracks the value from the start.
            quotas[index] += EventRates.probability(of: anomaly.indicator, value: anomaly.value)
            let outcome = quotas[index] >= 1
            if outcome { quotas[index] -= 1 }
            rates.forced[anomaly.indicator] = outcome
        }
        return rates
    }

    /// The commune of a new unit: inside an active anomaly's area with its `share`, else by population.
    private mutating func newArea(kind: EventKind, offset: Double) -> String {
        let anomalies = settings.scenario.anomalies
        if anomalies.contains(where: { $0.kind == kind && $0.share > 0 && $0.isActive(at: offset) }) {
            let roll = random.unit()
            var threshold = 0.0
            for (index, anomaly) in anomalies.enumerated() where anomaly.kind == kind && anomaly.isActive(at: offset) {
                threshold += anomaly.share
                let leaves = anomalyLeaves[index]
                if roll < threshold, !leaves.codes.isEmpty {
                    return leaves.codes[random.index(cumulative: leaves.cumulative)]
                }
            }
        }
        return weights.draw(&random)
    }

    private func facility(kind: EventKind, area: String, subject: String) -> String {
        switch kind {
        case .elderlyRecord: return "TYT-\(area)"
        case .premaritalCheckup: return "UBND-\(area)"
        case .prenatalScreening, .newbornScreening:
            let chain = settings.registry.selfAndAncestors(of: area)
            let province = chain.count >= 2 ? chain[chain.count - 2] : area
            // A few hospitals per province; the same subject always at the same one.
            return "BV-\(province)-0\(1 + subject.utf8.reduce(0) { ($0 &+ Int($1)) % 5 })"
        }
    }

    private func sampler(_ kind: EventKind) -> AnchorDateSampler {
        samplers[kind] ?? AnchorDateSampler(today: today, curve: Seasonality.flat)
    }

    private mutating func remember(_ unit: SimulatedUnit) {
        if units.count < TrafficMix.rememberedUnits {
            units.append(unit)
        } else {
            units[nextSlot] = unit
            nextSlot = (nextSlot + 1) % TrafficMix.rememberedUnits
        }
    }

    private mutating func forget(at index: Int) {
        units.swapAt(index, units.count - 1)
        units.removeLast()
        if nextSlot >= units.count { nextSlot = 0 }
    }

    /// Subject id prefixes by kind.
    static func prefix(_ kind: EventKind) -> String {
        switch kind {
        case .prenatalScreening: "preg"
        case .newbornScreening: "nb"
        case .premaritalCheckup: "cpl"
        case .elderlyRecord: "eld"
        }
    }

    /// The anchor date of an event's body (none for elderly records and retractions).
    static func anchorDate(of event: HealthEvent) -> LocalDate? {
        switch event.body {
        case .newborn(let body): body.birthDate
        case .prenatal(let body): body.registeredOn
        case .premarital(let body): body.registeredOn
        case .elderly, nil: nil
        }
    }
}
