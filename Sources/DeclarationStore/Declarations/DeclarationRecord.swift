import Customs
import Foundation
import PostgresClient

/// A stored declaration as the API shows it: identity and state, then the members of its current
/// (or requested) version's normalised document.
public struct DeclarationRecord: Sendable, Equatable {
    public var id: UUID
    public var status: DeclarationStatus
    public var version: Int
    public var createdAt: String
    public var updatedAt: String
    public var cancelledAt: String?
    /// The lane of the current decision (nil for declarations stored before lanes existed).
    public var lane: Lane?
    public var releasedAt: String?
    /// The normalised document (a JSON object), as `Declaration.jsonValue()` made it.
    public var document: JSONValue

    public init(id: UUID, status: DeclarationStatus, version: Int, createdAt: String, updatedAt: String,
                cancelledAt: String? = nil, lane: Lane? = nil, releasedAt: String? = nil, document: JSONValue) {
        self.id = id
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.cancelledAt = cancelledAt
        self.lane = lane
        self.releasedAt = releasedAt
        self.document = document
    }

    /// `{"id", "status", "lane", "version", "createdAt", "updatedAt", ["releasedAt"], ["cancelledAt"], …document}`.
    /// The lane is shown to the carrier; why it was chosen is for officers only.
    public func jsonValue() -> JSONValue {
        var object: JSONObject = [
            "id": .string(id.lowercasedString),
            "status": .string(status.rawValue),
            "lane": lane.map { .string($0.rawValue) } ?? .null,
            "version": .number(JSONNumber(String(version))!),
            "createdAt": .string(createdAt),
            "updatedAt": .string(updatedAt),
        ]
        if let releasedAt { object["releasedAt"] = .string(releasedAt) }
        if let cancelledAt { object["cancelledAt"] = .string(cancelledAt) }
        if case .object(let members) = document {
            for member in members.members where object[member.key] == nil {
                object[member.key] = member.value
            }
        }
        return .object(object)
    }
}
