import Foundation
import Signatures

/// This node's identity in the exchange: its id (the `sender` of what it signs), its signing key,
/// and how far a message's createdAt may be from its clock.
public struct ExchangeNode: Sendable {
    public let id: String
    public let key: SigningKey
    public let window: Duration

    public init(id: String, key: SigningKey, window: Duration = .seconds(300)) {
        self.id = id
        self.key = key
        self.window = window
    }
}
