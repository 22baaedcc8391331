/// A rule that fired for a declaration, as the officer reads it.
public struct FiredRule: Sendable, Equatable {
    public let ruleID: String
    public let outcome: RuleOutcome
    public let reason: String
    public let task: String
    /// The goods line that matched, for a rule with goods-line criteria.
    public let goodsLine: Int?
    /// The facts that made it fire where the reason alone does not say (the value per kg found).
    public let detail: String?

    public init(ruleID: String, outcome: RuleOutcome, reason: String, task: String, goodsLine: Int?, detail: String?) {
        self.ruleID = ruleID
        self.outcome = outcome
        self.reason = reason
        self.task = task
        self.goodsLine = goodsLine
        self.detail = detail
    }
}
