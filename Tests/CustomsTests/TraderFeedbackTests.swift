import Customs
import Testing

/// The feedback loop's arithmetic: findings move a trader down, a run of clean checks up.
@Suite struct TraderFeedbackTests {
    static let fair = TraderRecord(profile: .unknown, cleanInspections: 0)

    @Test func aDiscrepancyMovesOneLevelDownAndASeizureTwo() {
        let discrepancy = Self.fair.after(.discrepancy)
        #expect(discrepancy.profile.complianceLevel == .poor)
        #expect(discrepancy.profile.findingsCount == 1)
        let seizure = Self.fair.after(.seized)
        #expect(seizure.profile.complianceLevel == .bad)
        #expect(seizure.after(.seized).profile.complianceLevel == .bad, "bad is the floor")
        #expect(seizure.after(.seized).profile.findingsCount == 2)
    }

    @Test func tenCleanInspectionsInARowMoveOneLevelUpButNotAboveGood() {
        var record = TraderRecord(profile: TraderProfile(isAuthorisedOperator: false, complianceLevel: .poor, findingsCount: 1), cleanInspections: 0)
        for _ in 0..<9 { record = record.after(.documentsOK) }
        #expect(record.profile.complianceLevel == .poor)
        record = record.after(.documentsOK)
        #expect(record.profile.complianceLevel == .fair)
        #expect(record.cleanInspections == 0)
        for _ in 0..<30 { record = record.after(.documentsOK) }
        #expect(record.profile.complianceLevel == .good)
        #expect(record.profile.findingsCount == 1, "findings are never forgotten")
    }

    @Test func aFindingResetsTheCleanRun() {
        var record = Self.fair
        for _ in 0..<9 { record = record.after(.documentsOK) }
        record = record.after(.discrepancy)
        #expect(record.cleanInspections == 0)
        #expect(record.after(.documentsOK).profile.complianceLevel == .poor)
    }
}
