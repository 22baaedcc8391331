import Customs
import Foundation
import PostgresClient
import TLS

/// A validated declaration waiting for the group commit, with everything decided up front (its id,
/// its creation time, its lane decision, the answer to replay for its idempotency key) so the
/// commit itself is one statement with no round trips in between.
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
    /// The normalised document (`Declaration.jsonValue()`), built only when asked for when the
    /// typed declaration is here.
    public var document: JSONValue {
        get { storedDocument ?? declaration?.jsonValue() ?? .null }
        set { storedDocument = newValue; declaration = nil }
    }
    private var storedDocument: JSONValue?
    /// The declaration the document is made from, when the submitter has it: the batch row and the
    /// answer are then written from the typed values (`PendingJSONWriter`) instead of from trees.
    public private(set) var declaration: Declaration?
    public var createdAt: Timestamp
    /// Stored with version 1 in the same transaction: the declaration never exists without a lane.
    public var decision: LaneDecision
    public var idempotency: IdempotentAnswer?
    /// The carrier's API key the request came with: the commit inserts the declaration only if
    /// that key is still not revoked, so a key revoked after the request was authenticated (from
    /// a cached key, say) creates nothing. Nil for declarations that no carrier key submits.
    public var apiKeyID: String?
    /// The partner's signing key a pushed message was verified with: likewise, the commit inserts
    /// the declaration only if that key is still neither retired nor expired, so a partner cached
    /// in memory cannot outlive `smartgate partner retire-key`. Nil for carriers' declarations.
    public var partnerKeyID: String?

    public init(id: UUID, carrierID: UUID, document: JSONValue, createdAt: Timestamp, decision: LaneDecision,
                idempotency: IdempotentAnswer?, apiKeyID: String? = nil, partnerKeyID: String? = nil) {
        self.id = id
        self.carrierID = carrierID
        self.storedDocument = document
        self.createdAt = createdAt
        self.decision = decision
        self.idempotency = idempotency
        self.apiKeyID = apiKeyID
        self.partnerKeyID = partnerKeyID
    }

    /// A declaration's pending form: its document is `declaration.jsonValue()`.
    public init(id: UUID, carrierID: UUID, declaration: Declaration, createdAt: Timestamp, decision: LaneDecision,
                idempotency: IdempotentAnswer?, apiKeyID: String? = nil, partnerKeyID: String? = nil) {
        self.init(id: id, carrierID: carrierID, document: .null, createdAt: createdAt, decision: decision,
                  idempotency: idempotency, apiKeyID: apiKeyID, partnerKeyID: partnerKeyID)
        storedDocument = nil
        self.declaration = declaration
    }

    public var status: DeclarationStatus { DeclarationStatus(lane: decision.lane) }

    /// What the carrier is answered once the declaration is committed: `record`'s JSON, written
    /// from the typed declaration when there is one (the same bytes either way).
    public func answerBytes() -> [UInt8] {
        guard let declaration else { return record.jsonValue().serialized() }
        var writer = PendingJSONWriter(capacity: 2048)
        writer.writeAnswer(self, declaration: declaration)
        return writer.bytes
    }

    /// The batch row's bytes in jsonb's key order: written from the typed declaration when there is
    /// one, otherwise serialised from `batchRow()` (the same bytes either way).
    func batchRowBytes() -> [UInt8] {
        guard let declaration else { return batchRow().serialized(orderingKeysBy: JSONBKeyOrder.precedes) }
        var writer = PendingJSONWriter()
        writer.writeBatchRow(self, declaration: declaration)
        return writer.bytes
    }

    /// The record as it reads once committed (version 1, in its lane; green is released at once).
    public var record: DeclarationRecord {
        DeclarationRecord(id: id, status: status, version: 1, createdAt: createdAt.description,
                          updatedAt: createdAt.description, lane: decision.lane,
                          releasedAt: status == .released ? createdAt.description : nil, document: document)
    }

    /// What the audit entry of a submission or amendment says.
    public static func auditDetails(version: Int, decision: LaneDecision, status: DeclarationStatus) -> JSONValue {
        [
            "version": .number(JSONNumber(version)),
            "lane": .string(decision.lane.rawValue),
            "status": .string(status.rawValue),
            "score": .number(JSONNumber(decision.score)),
            "rulesetVersion": .string(decision.rulesetVersion),
            "firedRules": .array(decision.firedRules.map { .string($0.ruleID) }),
            "randomlySelected": .bool(decision.randomSelection.escalatedTo != nil),
        ]
    }

    /// One element of the batch parameter that `jsonb_to_recordset` turns into rows.
    func batchRow() -> JSONValue {
        var row: JSONObject = [
            "id": .string(id.lowercasedString),
            "carrier_id": .string(carrierID.lowercasedString),
            "document": document,
            "created_at": .string(createdAt.description),
            "status": .string(status.rawValue),
            "lane": .string(decision.lane.rawValue),
            "score": .number(JSONNumber(decision.score)),
            "ruleset_version": .string(decision.rulesetVersion),
            "decided_at": .string(decision.decidedAt.description),
            "decision": decision.jsonValue(),
            "fired": .array(decision.firedRules.map { .string($0.ruleID) }),
            "actor": .string("carrier:" + carrierID.lowercasedString),
            "audit": Self.auditDetails(version: 1, decision: decision, status: status),
        ]
        if let apiKeyID {
            row["api_key_id"] = .string(apiKeyID)
        }
        if let partnerKeyID {
            row["partner_key_id"] = .string(partnerKeyID)
        }
        if let idempotency {
            row["idempotency_key"] = .string(idempotency.key)
            row["request_sha256"] = .string(Digest.hex(idempotency.requestSHA256))
            row["response_body"] = .string(idempotency.responseBody)
        }
        return .object(row)
    }
}
