/// Where a declaration is in its life. Lanes (a later issue) move it to `released`.
public enum DeclarationStatus: String, Sendable, CaseIterable {
    /// Accepted and stored; may still be amended or cancelled.
    case submitted
    /// Withdrawn by the carrier; kept for the record, no longer amendable.
    case cancelled
    /// Released at the gate; history only.
    case released
}
