/// What an officer may do. Roles are checked on every officer route (Docs/risk.md, "Roles").
public enum OfficerRole: String, Sendable, CaseIterable {
    /// Checks documents and inspects goods; records customs results.
    case customs
    /// Sees decisions and queues (the gate's other agency); changes nothing.
    case borderGuard = "border_guard"
    /// Plant, animal and health quarantine; records quarantine results.
    case quarantine
    /// A customs supervisor: everything a customs officer does, plus overrides, the audit trail,
    /// the ruleset, traders' status and statistics.
    case supervisor

    public var mayClaim: Bool { self != .borderGuard }
    public var isSupervisor: Bool { self == .supervisor }

    /// The kind of result this role records.
    public var inspectionKind: InspectionKind? {
        switch self {
        case .customs, .supervisor: .customs
        case .quarantine: .quarantine
        case .borderGuard: nil
        }
    }
}

/// Whose check an inspection result is.
public enum InspectionKind: String, Sendable, CaseIterable {
    case customs
    case quarantine
}
