import Customs
import Foundation

/// A validated declaration waiting for the group commit, with everything decided up front (its id,
/// its creation time, the answer to replay for its idempotency key) so the commit itself is one
/// statement with no round trips in between.
public struct PendingDeclaration: Sendable {
    /// What to remember for an idempotency key: the request's body hash and the answer given.
    public struct IdempotentAnswer: Sendable {
        public var key: String
        public var requestSHA256: [UInt8]
        public var responseBody: String

        public init(key: String, requestSHA256: [UInt8], responseBody: String) {
            self.key = key
            self.requestSHA256 = requestSHA256
            self.responseBody = responseBody
        }
    }

    public var id: UUID
    public var carrierID: UUID
    /// The normalised document (`Declaration.jsonValue()`).
    public var document: JSONValue
    public var createdAt: Timestamp
    public var idempotency: IdempotentAnswer?

    public init(id: UUID, carrierID: UUID, document: JSONValue, createdAt: Timestamp, idempotency: IdempotentAnswer?) {
        self.id = id
        self.carrierID = carrierID
        self.document = document
        self.createdAt = createdAt
        self.idempotency = idempotency
    }

    /// The record as it reads once committed (version 1, submitted).
    public var record: DeclarationRecord {
        DeclarationRecord(id: id, status: .submitted, version: 1, createdAt: createdAt.description,
                          updatedAt: createdAt.description, document: document)
    }

    /// One element of the batch parameter that `jsonb_to_recordset` turns into rows.
    func batchRow() -> JSONValue {
        var row: JSONObject = [
            "id": .string(id.uuidString.lowercased()),
            "carrier_id": .string(carrierID.uuidString.lowercased()),
            "document": document,
            "created_at": .string(createdAt.description),
        ]
        if let idempotency {
            row["idempotency_key"] = .string(idempotency.key)
            row["request_sha256"] = .string(idempotency.requestSHA256.map { String(format: "%02x", $0) }.joined())
            row["response_body"] = .string(idempotency.responseBody)
        }
        return .object(row)
    }
}
