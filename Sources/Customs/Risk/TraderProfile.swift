/// What the customs administration knows about the declarant, beyond the declaration itself. The
/// caller looks it up (authorised-operator register, inspection findings) and passes it in, so the
/// engine stays pure and the feedback loop is just a different input next time.
public struct TraderProfile: Sendable, Hashable {
    /// Authorised economic operator / priority enterprise (doanh nghiệp ưu tiên): random checks are
    /// capped (see `RandomSelectionRates.authorisedOperatorCap`) and rules can match the status.
    public var isAuthorisedOperator: Bool
    public var complianceLevel: ComplianceLevel
    /// Inspections of this trader's goods that found something (discrepancy or seizure), all time.
    public var findingsCount: Int

    public init(isAuthorisedOperator: Bool, complianceLevel: ComplianceLevel, findingsCount: Int) {
        self.isAuthorisedOperator = isAuthorisedOperator
        self.complianceLevel = complianceLevel
        self.findingsCount = max(0, findingsCount)
    }

    /// A trader with no record yet: not authorised, middle level, nothing found.
    public static let unknown = TraderProfile(isAuthorisedOperator: false, complianceLevel: .fair, findingsCount: 0)
}
