import Customs
import Testing

/// The top level: direction, crossing and the planned crossing date.
@Suite struct DeclarationDecoderTests {
    private func planned(_ text: String) -> [String] {
        Fixtures.codes(Fixtures.example.setting("/plannedCrossingOn", to: .string(text)))
    }

    @Test func theCrossingMayBePlannedFromTodayToThirtyDaysAhead() {
        #expect(planned("2026-11-22") == [])
        // 30 days after 2026-11-22; certificates and documents are valid that far.
        #expect(planned("2026-12-20") == [])
        #expect(planned("2026-11-21") == ["/plannedCrossingOn date_out_of_range"])
        #expect(planned("2026-12-23") == ["/plannedCrossingOn date_out_of_range"])
    }

    @Test func thePastDateDetailNamesToday() {
        let problem = Fixtures.problems(Fixtures.example.setting("/plannedCrossingOn", to: "2026-11-01")).first
        #expect(problem?.detail == "the planned crossing date 2026-11-01 is in the past (today is 2026-11-22)")
    }

    @Test func theLimitOnDaysAheadIsAdjustable() {
        var limits = IntakeLimits()
        limits.maxDaysAhead = 0
        #expect(Fixtures.problems(Fixtures.example, limits: limits).map(\.code) == ["date_out_of_range"])
    }

    @Test func directionIsExportOrImport() {
        #expect(Fixtures.accepted(Fixtures.example.setting("/direction", to: "import"))?.direction == .import)
        #expect(Fixtures.codes(Fixtures.example.setting("/direction", to: "EXPORT")) == ["/direction value_not_allowed"])
    }
}
