import PopStreamCore

/// Relative frequency of anchor dates by calendar month (January first), per kind; 1 = an average month.
///
/// Births: fewer in February to April and more from August to October (conceptions cluster after the
/// Lunar New Year; the shape of Vietnam's monthly registrations, rounded), amplitude about ±12%.
/// Marriages: the wedding season from October to January, few in the 7th lunar month (about August).
/// Pregnancy registrations and elderly records: flat. See docs/simulator.md, "Seasonality".
enum Seasonality {
    /// Births by month of birth.
    static let births: [Double] = [1.00, 0.90, 0.90, 0.92, 0.96, 0.98, 1.02, 1.08, 1.12, 1.12, 1.04, 0.96]
    /// Marriage registrations by month.
    static let marriages: [Double] = [1.30, 0.80, 0.90, 0.90, 0.80, 0.80, 0.75, 0.60, 0.95, 1.20, 1.45, 1.35]
    /// No season.
    static let flat: [Double] = Array(repeating: 1, count: 12)

    /// The monthly curve of a kind's anchor dates.
    static func curve(for kind: EventKind) -> [Double] {
        switch kind {
        case .newbornScreening: births
        case .premaritalCheckup: marriages
        case .prenatalScreening, .elderlyRecord: flat
        }
    }
}

/// Draws anchor dates between 1 January of the clock's year (or `earliest`, when later) and the clock's date,
/// each day weighted by its month's seasonal factor: dashboards show the current year, and monthly charts show
/// the season.
struct AnchorDateSampler: Sendable {
    /// The clock's local date (Vietnam): the last possible day.
    let today: LocalDate
    /// The first possible day (1 January of the clock's year, or `earliest`), as days since 1970.
    let firstDay: Int
    /// Running weights of the days from `firstDay` to `today` included.
    let cumulative: [Double]

    init(today: LocalDate, curve: [Double], earliest: LocalDate? = nil) {
        self.today = today
        let newYear = LocalDate(year: today.year, month: 1, day: 1) ?? today
        let first = min(today, max(newYear, earliest ?? newYear))
        firstDay = first.daysSince1970
        let days = today.daysSince1970 - firstDay + 1
        cumulative = cumulativeSums((0..<max(1, days)).map { offset in
            let month = LocalDate(daysSince1970: first.daysSince1970 + offset)?.month ?? 1
            return curve[month - 1]
        })
    }

    /// A day of the current year up to today.
    func draw(_ random: inout SimulationRandom) -> LocalDate {
        LocalDate(daysSince1970: firstDay + random.index(cumulative: cumulative)) ?? today
    }

    /// A day in another month of the year to date than `date` when there is one (a revision that moves a
    /// unit to another period), else `date`.
    func drawInOtherMonth(than date: LocalDate, _ random: inout SimulationRandom) -> LocalDate {
        for _ in 0..<8 {
            let candidate = draw(&random)
            if candidate.month != date.month { return candidate }
        }
        return date
    }
}
