/// The outcome of walking the audit chain.
public enum AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// Every entry's hash matches its content and its predecessor; the head names the last one.
    case intact(entries: Int64)
    /// The first entry that does not verify, and why.
    case broken(seq: Int64, reason: String)

    public var description: String {
        switch self {
        case .intact(let n): "audit trail intact: all \(n) entries verify"
        case .broken(let seq, let reason): "audit trail broken at entry \(seq): \(reason)"
        }
    }
}
