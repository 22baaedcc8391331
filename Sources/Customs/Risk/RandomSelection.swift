/// The random draw of one decision: what the chances were, what came up, and whether it escalated.
public struct RandomSelection: Sendable, Equatable {
    /// The uniform draw from [0, 1), the first of the decision's seeded generator.
    public let draw: Double
    /// The chance of being sent to yellow and to red from the rules' lane, after the authorised
    /// operators' cap.
    public let toYellow: Double
    public let toRed: Double
    /// The lane the draw sent the declaration to, when it raised it.
    public let escalatedTo: Lane?

    public init(draw: Double, toYellow: Double, toRed: Double, escalatedTo: Lane?) {
        self.draw = draw
        self.toYellow = toYellow
        self.toRed = toRed
        self.escalatedTo = escalatedTo
    }
}
