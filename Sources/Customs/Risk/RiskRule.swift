/// One risk rule: when it fires, what it does, and what the officer reads and does about it.
public struct RiskRule: Sendable, Hashable {
    /// Stable across ruleset versions, so statistics per rule survive an update.
    public let id: String
    public let condition: RuleCondition
    public let outcome: RuleOutcome
    /// Why the declaration was selected, in plain language ("Durian from Thailand declared as
    /// Vietnamese origin has been found three times this season").
    public let reason: String
    /// What the officer does ("compare the phytosanitary certificate with the original").
    public let task: String
    public let validity: ValidityWindow

    init(id: String, condition: RuleCondition, outcome: RuleOutcome, reason: String, task: String, validity: ValidityWindow) {
        self.id = id
        self.condition = condition
        self.outcome = outcome
        self.reason = reason
        self.task = task
        self.validity = validity
    }
}
