import Exchange
import Foundation

/// A registered partner customs node.
public struct Partner: Sendable {
    /// Its node id, which is also the `sender` of its envelopes (`nanning`).
    public let id: String
    public let certificateSHA256: String
    /// Where our outbox delivers, `https://host:port`; nil when nothing is pushed.
    public let url: String?
    public let hsPrefixes: [String]
    /// The carrier row its pre-arrival declarations are stored under.
    public let carrierID: UUID
    public let keys: [PartnerKey]
}
