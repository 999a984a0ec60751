extension BundledTargets {
    /// National goals of Resolution 21-NQ/TW (2017) and the national programmes, as the local plans echo
    /// them (2030: sex ratio < 109, premarital 90%, prenatal 70%, newborn 90%, elderly 100%; 2025: sex
    /// ratio < 110, prenatal 50%, newborn 70%, elderly 90%). No national marriage reductions: the plans
    /// give no national baseline, which `reduce_by_pct` needs.
    static let nationalPlanJSON = #"""
    { "id": "vn-resolution-21", "title": "Nghị quyết 21-NQ/TW (2017) về công tác dân số trong tình hình mới: mục tiêu quốc gia",
      "area": "VN",
      "targets": [
        { "indicator": "sex_ratio_at_birth", "comparator": "<",
          "milestones": [ { "year": 2025, "value": 110 }, { "year": 2030, "value": 109 } ] },
        { "indicator": "premarital_checkup_coverage", "comparator": ">=",
          "milestones": [ { "year": 2030, "value": 90 } ] },
        { "indicator": "prenatal_screening_coverage", "comparator": ">=",
          "milestones": [ { "year": 2025, "value": 50 }, { "year": 2030, "value": 70 } ] },
        { "indicator": "newborn_screening_coverage", "comparator": ">=",
          "milestones": [ { "year": 2025, "value": 70 }, { "year": 2030, "value": 90 } ] },
        { "indicator": "elderly_insurance_coverage", "comparator": ">=",
          "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] },
        { "indicator": "elderly_health_management_coverage", "comparator": ">=",
          "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] },
        { "indicator": "elderly_annual_checkup_coverage", "comparator": ">=",
          "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] },
        { "indicator": "elderly_full_care_coverage", "comparator": ">=",
          "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] }
      ] }
    """#

    /// Điện Biên province (`11`, the same code in both maps): action plan of 2018 (Resolution 137/NQ-CP),
    /// baselines 2017, targets 2030.
    static let dienBienPlanJSON = #"""
    { "id": "dien-bien-2018", "title": "Kế hoạch hành động của tỉnh Điện Biên thực hiện Nghị quyết 137/NQ-CP (2018)",
      "area": "11",
      "targets": [
        { "indicator": "sex_ratio_at_birth", "comparator": "<",
          "baseline": { "year": 2017, "value": 109.7 }, "milestones": [ { "year": 2030, "value": 109 } ] },
        { "indicator": "premarital_checkup_coverage", "comparator": ">=",
          "baseline": { "year": 2017, "value": 0 }, "milestones": [ { "year": 2030, "value": 90 } ] },
        { "indicator": "child_marriage_rate", "comparator": "reduce_by_pct",
          "baseline": { "year": 2017, "value": 23.3 }, "milestones": [ { "year": 2030, "value": 50 } ] },
        { "indicator": "consanguineous_marriage_rate", "comparator": "reduce_by_pct",
          "baseline": { "year": 2017, "value": 0.31 }, "milestones": [ { "year": 2030, "value": 60 } ] },
        { "indicator": "prenatal_screening_coverage", "comparator": ">=",
          "baseline": { "year": 2017, "value": 5.0 }, "milestones": [ { "year": 2030, "value": 70 } ] },
        { "indicator": "newborn_screening_coverage", "comparator": ">=",
          "baseline": { "year": 2017, "value": 10.0 }, "milestones": [ { "year": 2030, "value": 90 } ] },
        { "indicator": "elderly_insurance_coverage", "comparator": ">=",
          "baseline": { "year": 2017, "value": 100 }, "milestones": [ { "year": 2030, "value": 100 } ] },
        { "indicator": "elderly_health_management_coverage", "comparator": ">=",
          "baseline": { "year": 2017, "value": 100 }, "milestones": [ { "year": 2030, "value": 100 } ] },
        { "indicator": "elderly_annual_checkup_coverage", "comparator": ">=",
          "baseline": { "year": 2017, "value": 100 }, "milestones": [ { "year": 2030, "value": 100 } ] },
        { "indicator": "elderly_full_care_coverage", "comparator": ">=",
          "baseline": { "year": 2017, "value": 100 }, "milestones": [ { "year": 2030, "value": 100 } ] }
      ] }
    """#

    /// The Bắc Kạn city plan of 2022 (Resolution 21), targets for 2025 and 2030, on one area. The plan's
    /// "reduce child and consanguineous marriage by 70% / 100%" has no baseline and is left out; its
    /// elderly "> 90%" is expressed as ">= 90".
    static func bacKanCityPlanJSON(id: String, title: String, area: String) -> String {
        """
        { "id": "\(id)", "title": "\(title)", "area": "\(area)",
          "targets": [
            { "indicator": "sex_ratio_at_birth", "comparator": "<",
              "milestones": [ { "year": 2025, "value": 110 }, { "year": 2030, "value": 109 } ] },
            { "indicator": "premarital_checkup_coverage", "comparator": ">=",
              "milestones": [ { "year": 2025, "value": 50 }, { "year": 2030, "value": 95 } ] },
            { "indicator": "prenatal_screening_coverage", "comparator": ">=",
              "milestones": [ { "year": 2025, "value": 50 }, { "year": 2030, "value": 80 } ] },
            { "indicator": "newborn_screening_coverage", "comparator": ">=",
              "milestones": [ { "year": 2025, "value": 70 }, { "year": 2030, "value": 95 } ] },
            { "indicator": "elderly_insurance_coverage", "comparator": ">=",
              "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] },
            { "indicator": "elderly_health_management_coverage", "comparator": ">=",
              "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] },
            { "indicator": "elderly_annual_checkup_coverage", "comparator": ">=",
              "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] },
            { "indicator": "elderly_full_care_coverage", "comparator": ">=",
              "milestones": [ { "year": 2025, "value": 90 }, { "year": 2030, "value": 100 } ] }
          ] }
        """
    }
}
