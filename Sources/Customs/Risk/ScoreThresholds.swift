/// Total score → lane: below `yellowFrom` green, from `yellowFrom` yellow, from `redFrom` red.
public struct ScoreThresholds: Sendable, Hashable {
    public let yellowFrom: Int
    public let redFrom: Int

    init(yellowFrom: Int, redFrom: Int) {
        self.yellowFrom = yellowFrom
        self.redFrom = redFrom
    }

    public func lane(for score: Int) -> Lane {
        if score >= redFrom { return .red }
        if score >= yellowFrom { return .yellow }
        return .green
    }
}
