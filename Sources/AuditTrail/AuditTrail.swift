import Customs
import Foundation
import PostgresClient
import TLS

/// The hash-chained audit trail. Entries are appended inside the transaction of the change they
/// record, so an entry exists exactly when its change committed; the database numbers and chains
/// them (trigger `audit_chain`), and `verify` recomputes the chain here, independently.
public enum AuditTrail {
    /// Appends an entry on a connection that is inside the change's transaction.
    public static func append(_ connection: PostgresConnection, actor: String, action: String,
                              declarationID: UUID? = nil, details: JSONValue, at time: String? = nil) throws {
        try connection.query("""
            INSERT INTO audit_log (occurred_at, actor, action, declaration_id, details)
            VALUES (coalesce(\(time)::timestamptz, now()), \(actor), \(action), \(declarationID), \(PostgresJSON(text: details.compactText))::jsonb)
            """)
    }

    /// The history of one declaration, oldest first.
    public static func entries(forDeclaration id: UUID, pool: PostgresPool) throws -> [AuditEntry] {
        try pool.query("""
            SELECT seq, rfc3339(occurred_at) AS occurred_at, actor, action, declaration_id, details::text AS details, prev_hash, hash
              FROM audit_log WHERE declaration_id = \(id) ORDER BY seq
            """).map(entry)
    }

    static let zeroHash = [UInt8](repeating: 0, count: 32)

    /// Walks the whole chain in pages and reports the first entry that does not verify: a changed
    /// field, a removed or reordered entry, a rewritten hash, or a head that does not match the end.
    public static func verify(pool: PostgresPool, pageSize: Int = 5000) throws -> AuditVerification {
        var previous = zeroHash
        var expectedSeq: Int64 = 1
        while true {
            let rows = try pool.query("""
                SELECT seq, rfc3339(occurred_at) AS occurred_at, actor, action, declaration_id, details::text AS details, prev_hash, hash
                  FROM audit_log WHERE seq >= \(expectedSeq) ORDER BY seq LIMIT \(pageSize)
                """)
            for row in rows {
                let e = try entry(row)
                if let problem = check(e, expectedSeq: expectedSeq, previous: previous) {
                    return .broken(seq: min(e.seq, expectedSeq), reason: problem)
                }
                previous = e.hash
                expectedSeq += 1
            }
            if rows.count < pageSize { break }
        }
        let head = try pool.query("SELECT seq, hash FROM audit_head")
        guard let row = head.first else { return .broken(seq: expectedSeq, reason: "the chain's head row is missing") }
        let headSeq = try row.decode(Int64.self, column: "seq")
        let headHash = try row.decode([UInt8].self, column: "hash")
        if headSeq != expectedSeq - 1 {
            return .broken(seq: expectedSeq, reason: "the head says the last entry is \(headSeq), but the chain ends at \(expectedSeq - 1): entries were removed from the end")
        }
        if headHash != previous {
            return .broken(seq: headSeq, reason: "the head's hash does not match the last entry's")
        }
        return .intact(entries: expectedSeq - 1)
    }

    /// Nil when the entry follows `previous` correctly.
    public static func check(_ e: AuditEntry, expectedSeq: Int64, previous: [UInt8]) -> String? {
        if e.seq != expectedSeq {
            return "entry \(expectedSeq) is missing (the next one is \(e.seq))"
        }
        if e.previousHash != previous {
            return "its previous-hash does not match the hash of entry \(e.seq - 1)"
        }
        let recomputed = Digest.sha256(previous + e.canonicalContent)
        if recomputed != e.hash {
            return "its content does not match its hash (recorded \(Digest.hex(e.hash).prefix(16))…, recomputed \(Digest.hex(recomputed).prefix(16))…)"
        }
        return nil
    }

    static func entry(_ row: PostgresRow) throws -> AuditEntry {
        AuditEntry(seq: try row.decode(Int64.self, column: "seq"),
                   occurredAt: try row.decode(String.self, column: "occurred_at"),
                   actor: try row.decode(String.self, column: "actor"),
                   action: try row.decode(String.self, column: "action"),
                   declarationID: try row.decode(UUID?.self, column: "declaration_id"),
                   detailsText: try row.decode(String.self, column: "details"),
                   previousHash: try row.decode([UInt8].self, column: "prev_hash"),
                   hash: try row.decode([UInt8].self, column: "hash"))
    }
}
