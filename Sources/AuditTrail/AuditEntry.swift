import Customs
import Foundation
import TLS

/// One entry of the audit trail, as stored.
public struct AuditEntry: Sendable, Equatable {
    public let seq: Int64
    /// RFC 3339 with microseconds, as `rfc3339()` writes it in the database.
    public let occurredAt: String
    /// `carrier:<uuid>`, `officer:<uuid>`, `operator` or `daemon`.
    public let actor: String
    /// `declaration.submitted`, `inspection.recorded`, … (Docs/risk.md lists them).
    public let action: String
    public let declarationID: UUID?
    /// jsonb's text form of the details, exactly as the hash covers it.
    public let detailsText: String
    public let previousHash: [UInt8]
    public let hash: [UInt8]

    public init(seq: Int64, occurredAt: String, actor: String, action: String, declarationID: UUID?,
                detailsText: String, previousHash: [UInt8], hash: [UInt8]) {
        self.seq = seq
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.declarationID = declarationID
        self.detailsText = detailsText
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes the hash covers after the previous hash: the fields one per line, as the
    /// database's `audit_canonical` writes them (Migrations/0003_lanes.sql).
    public var canonicalContent: [UInt8] {
        let lines = [String(seq), occurredAt, actor, action, declarationID?.uuidString.lowercased() ?? "", detailsText]
        return Array(lines.joined(separator: "\n").utf8)
    }

    public func jsonValue() -> JSONValue {
        let details = (try? JSONParser.parse(Array(detailsText.utf8))) ?? .string(detailsText)
        return [
            "seq": .number(JSONNumber(String(seq))!),
            "occurredAt": .string(occurredAt),
            "actor": .string(actor),
            "action": .string(action),
            "declarationId": declarationID.map { .string($0.uuidString.lowercased()) } ?? .null,
            "details": details,
            "hash": .string(Digest.hex(hash)),
            "previousHash": .string(Digest.hex(previousHash)),
        ]
    }
}
