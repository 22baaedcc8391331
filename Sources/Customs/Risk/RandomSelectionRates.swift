/// Random selection: a share of declarations the rules would let through is checked anyway, so no
/// trader can learn the rules and stay below them. Rates are probabilities in [0, 1].
public struct RandomSelectionRates: Sendable, Hashable {
    /// Would-be-green declarations sent to yellow.
    public let greenToYellow: Double
    /// Would-be-green declarations sent to red.
    public let greenToRed: Double
    /// Would-be-yellow declarations sent to red.
    public let yellowToRed: Double
    /// For an authorised operator, the largest chance of any random escalation from a given lane;
    /// rates above it are scaled down in proportion (so the yellow:red mix is kept).
    public let authorisedOperatorCap: Double

    init(greenToYellow: Double, greenToRed: Double, yellowToRed: Double, authorisedOperatorCap: Double) {
        self.greenToYellow = greenToYellow
        self.greenToRed = greenToRed
        self.yellowToRed = yellowToRed
        self.authorisedOperatorCap = authorisedOperatorCap
    }
}
