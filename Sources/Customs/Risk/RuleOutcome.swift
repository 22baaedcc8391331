/// What a rule does when it fires: force at least a lane, or add to the score.
public enum RuleOutcome: Sendable, Hashable {
    /// The declaration goes to at least this lane (a `green` rule only explains: nothing is lowered).
    case lane(Lane)
    /// Added to the total score, which `ScoreThresholds` maps to a lane. Negative for mitigating facts.
    case score(Int)
}
