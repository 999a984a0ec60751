extension BundledTargets {
    /// Targets for the three-level map of 1 March 2025: national, Điện Biên (`11`) and Bắc Kạn city,
    /// then district `058` of Bắc Kạn province (`06`).
    static let threeLevel2025JSON = file(sharedPlans + [
        bacKanCityPlanJSON(id: "bac-kan-city-2022",
                           title: "Kế hoạch của Thành phố Bắc Kạn thực hiện Nghị quyết 21-NQ/TW (2022)",
                           area: "058"),
    ])
}
