/// The feedback loop: what an inspection result does to a trader's record, so the next
/// declarations of a trader whose goods were found wanting score higher (rules match
/// `complianceLevelAtLeast` and `findingsAtLeast`). Pure; the daemon stores the result.
///
/// - a discrepancy moves the trader one level down (towards `bad`), a seizure two;
/// - every `cleanInspectionsToImprove` clean inspections in a row move it one level up, but never
///   above `good`: `excellent` is granted by an audit, not earned by luck in the draws.
public struct TraderRecord: Sendable, Equatable {
    public var profile: TraderProfile
    /// Clean inspections since the last finding or improvement.
    public var cleanInspections: Int

    public static let cleanInspectionsToImprove = 10

    public init(profile: TraderProfile, cleanInspections: Int) {
        self.profile = profile
        self.cleanInspections = max(0, cleanInspections)
    }

    public func after(_ result: InspectionResult) -> TraderRecord {
        var next = self
        switch result {
        case .discrepancy, .seized:
            let steps = result == .seized ? 2 : 1
            let level = min(ComplianceLevel.bad.rawValue, profile.complianceLevel.rawValue + steps)
            next.profile.complianceLevel = ComplianceLevel(rawValue: level) ?? .bad
            next.profile.findingsCount += 1
            next.cleanInspections = 0
        case .documentsOK:
            next.cleanInspections += 1
            if next.cleanInspections >= Self.cleanInspectionsToImprove {
                next.cleanInspections = 0
                if profile.complianceLevel > .good {
                    next.profile.complianceLevel = ComplianceLevel(rawValue: profile.complianceLevel.rawValue - 1) ?? .good
                }
            }
        }
        return next
    }
}
