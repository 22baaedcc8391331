import Customs
import Signatures

/// One of a partner's signing keys and when it may be used. A key signs messages from
/// `validFrom` until the earlier of `validUntil` and `retiredAt`; during a rotation two keys overlap.
public struct PartnerKey: Sendable {
    public let key: VerifyingKey
    public let validFrom: UTCTimestamp
    public let validUntil: UTCTimestamp?
    public let retiredAt: UTCTimestamp?

    public init(key: VerifyingKey, validFrom: UTCTimestamp, validUntil: UTCTimestamp?, retiredAt: UTCTimestamp?) {
        self.key = key
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.retiredAt = retiredAt
    }

    public var keyID: String { key.keyID }

    /// Nil when the key may sign a message made at `createdAt` and received at `now`; else why not.
    /// Both instants are checked: a retired key's old messages are refused too, since retiring a key
    /// usually means it can no longer be trusted.
    public func problem(createdAt: UTCTimestamp, now: UTCTimestamp) -> String? {
        if createdAt < validFrom { return "it is valid from \(validFrom), the message was made at \(createdAt)" }
        let end = [validUntil, retiredAt].compactMap { $0 }.min()
        if let end, createdAt >= end || now >= end {
            return retiredAt == end ? "it was retired at \(end)" : "it expired at \(end)"
        }
        return nil
    }
}
