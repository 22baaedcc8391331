import Foundation

/// A carrier as `smartgate carrier list` shows it.
public struct CarrierSummary: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var createdAt: String
    public var activeKeys: [String]
    public var revokedKeys: [String]
    public var declarations: Int
}
