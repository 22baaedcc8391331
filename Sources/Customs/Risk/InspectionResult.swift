/// What an officer's check found. `documents_ok` clears the check; the other two are findings.
public enum InspectionResult: String, Sendable, CaseIterable {
    case documentsOK = "documents_ok"
    /// The documents or goods do not match the declaration (wrong quantity, origin, HS code…).
    case discrepancy
    /// Goods seized (prohibited, smuggled, counterfeit, failed quarantine).
    case seized

    public var isFinding: Bool { self != .documentsOK }
}
