import Foundation

/// What the database knows about an API key: whose it is, the hash of its secret, whether revoked.
public struct APIKeyRecord: Sendable, Equatable {
    public var keyID: String
    public var carrierID: UUID
    public var secretSHA256: [UInt8]
    public var revoked: Bool
}
