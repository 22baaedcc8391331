/// The three lanes of VNACCS/VCIS selectivity. Ordered by how much checking they mean, so the
/// strictest of several verdicts is their maximum (precedence red > yellow > green).
public enum Lane: String, Sendable, CaseIterable, Comparable {
    /// Released automatically.
    case green
    /// Documents checked by an officer.
    case yellow
    /// Documents checked and the goods inspected.
    case red

    private var rank: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }

    public static func < (lhs: Lane, rhs: Lane) -> Bool { lhs.rank < rhs.rank }
}
