/// A stored officer token: who it belongs to and the SHA-256 of its secret.
public struct OfficerTokenRecord: Sendable {
    public let officer: Officer
    public let secretSHA256: [UInt8]
    public let revoked: Bool
}
