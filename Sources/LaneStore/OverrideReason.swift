/// Why a supervisor changed a lane: a code for statistics, with a text that says the rest.
public enum OverrideReason: String, Sendable, CaseIterable {
    /// New information from intelligence, the border guard or a partner customs administration.
    case intelligence
    /// The supervisor's own judgement of the risk, explained in the text.
    case officerJudgement = "officer_judgement"
    /// The documents were already verified (e.g. by the partner node or at the inland depot).
    case documentsVerifiedElsewhere = "documents_verified_elsewhere"
    /// Quarantine asked for a physical check.
    case quarantineRequest = "quarantine_request"
    /// A rule or data error sent the declaration to the wrong lane.
    case ruleError = "rule_error"
}
