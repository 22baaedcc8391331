/// A trader's compliance record, graded from the findings of past inspections: 1 is the best, 5 the
/// worst. The daemon computes it (a finding moves a trader down); the engine only reads it, and rules
/// match it with `complianceLevelAtLeast`, so a worse level can only add checks.
public enum ComplianceLevel: Int, Sendable, CaseIterable, Comparable {
    /// Long clean record.
    case excellent = 1
    /// Clean record, or too short to judge well.
    case good = 2
    /// A minor finding recently, or a new trader.
    case fair = 3
    /// Repeated or serious findings.
    case poor = 4
    /// Seizures, fraud: every declaration is suspect.
    case bad = 5

    public static func < (lhs: ComplianceLevel, rhs: ComplianceLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
