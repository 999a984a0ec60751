extension BundledTargets {
    /// Targets for the two-level map in force since 1 July 2025 (the default): national, Điện Biên (`11`),
    /// and the Bắc Kạn city plan re-expressed on the three communes that now hold the city's 8 old wards
    /// and communes (crosswalk of 1 July 2025, all `full`): `01840` Phường Đức Xuân (old 01834, 01840,
    /// 01846), `01843` Phường Bắc Kạn (old 01837, 01843, 01852, 01855), `01849` Xã Phong Quang (old 01849,
    /// plus 01984 of the former Bạch Thông district). The city no longer exists, so its targets go to
    /// the communes that cover it, each with the city's figures.
    static let twoLevel2025JSON = file(sharedPlans + [
        bacKanCityPlanJSON(id: "bac-kan-city-2022@01840",
                           title: "Kế hoạch của Thành phố Bắc Kạn (2022), áp dụng cho Phường Đức Xuân",
                           area: "01840"),
        bacKanCityPlanJSON(id: "bac-kan-city-2022@01843",
                           title: "Kế hoạch của Thành phố Bắc Kạn (2022), áp dụng cho Phường Bắc Kạn",
                           area: "01843"),
        bacKanCityPlanJSON(id: "bac-kan-city-2022@01849",
                           title: "Kế hoạch của Thành phố Bắc Kạn (2022), áp dụng cho Xã Phong Quang",
                           area: "01849"),
    ])
}
