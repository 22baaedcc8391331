/// When a rule is in force: from `from` (inclusive) until `until` (exclusive), either end open.
/// Compared with the decision time the caller passes in, never with a clock.
public struct ValidityWindow: Sendable, Hashable {
    public let from: UTCTimestamp?
    public let until: UTCTimestamp?

    init(from: UTCTimestamp?, until: UTCTimestamp?) {
        self.from = from
        self.until = until
    }

    public func contains(_ instant: UTCTimestamp) -> Bool {
        if let from, instant < from { return false }
        if let until, instant >= until { return false }
        return true
    }
}
