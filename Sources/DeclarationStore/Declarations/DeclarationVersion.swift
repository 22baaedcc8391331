import Customs
import Foundation

/// One version of a declaration as it was submitted or amended; versions are never changed.
public struct DeclarationVersion: Sendable, Equatable {
    public var declarationID: UUID
    public var version: Int
    public var createdAt: String
    public var document: JSONValue

    public init(declarationID: UUID, version: Int, createdAt: String, document: JSONValue) {
        self.declarationID = declarationID
        self.version = version
        self.createdAt = createdAt
        self.document = document
    }

    /// `{"id", "version", "createdAt", …document}`.
    public func jsonValue() -> JSONValue {
        var object: JSONObject = [
            "id": .string(declarationID.uuidString.lowercased()),
            "version": .number(JSONNumber(String(version))!),
            "createdAt": .string(createdAt),
        ]
        if case .object(let members) = document {
            for member in members.members where object[member.key] == nil {
                object[member.key] = member.value
            }
        }
        return .object(object)
    }
}
