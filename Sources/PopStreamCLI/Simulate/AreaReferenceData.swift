import PopStreamCore

/// What the simulator knows about the areas of one bundled map, re-expressed from the project's reference
/// extracts (plans and reports of the localities): population, baseline rates that differ from the national
/// ones, and the share of Kinh people. See docs/simulator.md, "Rates by area".
///
/// Codes mean different areas in the two maps (the 2025 reorganisation reused commune codes), so each map
/// has its own table; a custom `--areas` file gets `.uniform`.
struct AreaReferenceData: Sendable, Equatable {
    /// People living in the area, by area code (any level).
    let population: [String: Double]
    /// The population assumed for a lowest-level area (commune) with no figure of its own, nor in a known parent.
    let defaultLowestLevelPopulation: Double
    /// Indicator values that replace the baseline in an area and below it (same units as scenario values).
    let baselines: [String: [IndicatorID: Double]]
    /// Share of Kinh people (ethnicity `01`) by area, where known; `defaultKinhShare` elsewhere.
    let kinhShare: [String: Double]

    /// Share of Kinh people where nothing is known (about the national figure).
    static let defaultKinhShare = 0.85

    /// Nothing known: every commune weighs the same, national baselines everywhere.
    static let uniform = AreaReferenceData(population: [:], defaultLowestLevelPopulation: 1, baselines: [:], kinhShare: [:])

    /// The data of a bundled map (`BundledAreas.names`), `.uniform` for any other name.
    static func bundled(named name: String) -> AreaReferenceData {
        switch name {
        case BundledAreas.twoLevel2025Name, BundledAreas.mapSetName: twoLevel2025
        case BundledAreas.threeLevel2025Name: threeLevel2025
        default: uniform
        }
    }

    /// Điện Biên (`11`, the same code in both maps): elderly people with insurance, health management and
    /// care at 100% (its 2018 plan's baseline, which its 100% target keeps).
    private static let dienBienBaselines: [IndicatorID: Double] = [
        .elderlyFullCareCoverage: 100,
    ]

    /// The two-level map of 1 July 2025. Điện Biên: 567,000 people (action plan of 2018, figure for 2017),
    /// more than 80% ethnic minorities. Bắc Kạn city (46,807 in 2025, its plan of 2022) and Bạch Thông district
    /// (34,075, report of 2024; Kinh 10.3%), spread evenly over their 8 and 14 old units, then carried to the
    /// new communes with the 2025 crosswalk (all rows `full`; `02014` also holds one old commune of district
    /// 064, counted at Bạch Thông's average of 2,434). Other communes: Điện Biên's mean per new commune,
    /// 567,000 / 45 = 12,600.
    static let twoLevel2025 = AreaReferenceData(
        population: [
            "11": 567_000,
            "01840": 17_553, "01843": 23_404, "01849": 8_285,
            "01969": 9_736, "01981": 7_302, "02008": 9_736, "02014": 7_302,
        ],
        defaultLowestLevelPopulation: 12_600,
        baselines: ["11": dienBienBaselines],
        kinhShare: ["11": 0.19, "01969": 0.103, "01981": 0.103, "02008": 0.103, "02014": 0.103])

    /// The three-level map of 1 March 2025: Điện Biên province, Bắc Kạn city (district `058`) and Bạch
    /// Thông (`063`) as the sources give them; other communes at Bạch Thông's mean per commune,
    /// 34,075 / 14 = 2,434 (old communes were about five times smaller than the new ones).
    static let threeLevel2025 = AreaReferenceData(
        population: ["11": 567_000, "058": 46_807, "063": 34_075],
        defaultLowestLevelPopulation: 2_434,
        baselines: ["11": dienBienBaselines],
        kinhShare: ["11": 0.19, "063": 0.103])
}
