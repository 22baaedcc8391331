/// Which way the goods cross, seen from Vietnam (the gateway is the Vietnamese single window).
public enum Direction: String, Sendable, CaseIterable {
    /// Vietnam to China.
    case export
    /// China to Vietnam.
    case `import`
}
