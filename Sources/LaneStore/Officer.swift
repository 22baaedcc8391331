import Foundation

/// An officer as the API knows them after authentication.
public struct Officer: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let role: OfficerRole

    public init(id: UUID, name: String, role: OfficerRole) {
        self.id = id
        self.name = name
        self.role = role
    }

    /// How the audit trail names them.
    public var actor: String { "officer:" + id.uuidString.lowercased() }
}
