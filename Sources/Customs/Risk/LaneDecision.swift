/// A lane decision and everything needed to explain and replay it: stored with the declaration
/// version it was made for. Replaying `RiskEngine.decide` with the same declaration version, the
/// ruleset of `rulesetVersion`, `trader`, `seed` and `decidedAt` gives the same decision.
public struct LaneDecision: Sendable, Equatable {
    /// The lane the declaration goes to.
    public let lane: Lane
    /// The lane the rules alone gave (the strictest of the lane rules and the score's lane).
    public let ruleLane: Lane
    /// The sum of the score rules that fired.
    public let score: Int
    /// In ruleset order.
    public let firedRules: [FiredRule]
    public let randomSelection: RandomSelection
    public let rulesetVersion: String
    public let seed: UInt64
    public let decidedAt: UTCTimestamp
    /// What was known about the trader when deciding (it changes as findings come in).
    public let trader: TraderProfile

    public init(lane: Lane, ruleLane: Lane, score: Int, firedRules: [FiredRule], randomSelection: RandomSelection,
                rulesetVersion: String, seed: UInt64, decidedAt: UTCTimestamp, trader: TraderProfile) {
        self.lane = lane
        self.ruleLane = ruleLane
        self.score = score
        self.firedRules = firedRules
        self.randomSelection = randomSelection
        self.rulesetVersion = rulesetVersion
        self.seed = seed
        self.decidedAt = decidedAt
        self.trader = trader
    }
}
