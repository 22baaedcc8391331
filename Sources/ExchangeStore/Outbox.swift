import Customs
import DeclarationStore
import Foundation
import PostgresClient

/// Messages we push, one row per (partner, released export). The row is written by the release's
/// own transaction (trigger `record_release`), so a push exists exactly when its release committed.
/// Delivery workers take due rows with `FOR UPDATE SKIP LOCKED`, holding the lock while they send,
/// so several daemons on one database never send the same row at once; a row is `delivered` only
/// with the partner's signed receipt, and `parked` after too many failures, for an operator.
public struct Outbox: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    public struct Item: Sendable {
        public let id: Int64
        public let messageID: UUID
        public let partnerID: String
        public let declarationID: UUID
        public let version: Int
        public let attempts: Int
        /// The declaration version's document, as stored.
        public let document: JSONValue
        /// When the row was written: the envelope's createdAt for the first attempt.
        public let createdAt: String
    }

    public enum Outcome: Sendable {
        case delivered(receipt: String)
        case failed(String)
        /// Not attempted (the partner was unreachable earlier in this batch): due again after the
        /// backoff, without counting an attempt.
        case deferred(String)
    }

    /// Takes up to `limit` due messages in one transaction, hands each to `deliver` (which sends it
    /// and returns the outcome), and records the outcomes before COMMIT. Returns how many were taken.
    /// Times are `clock_timestamp()`, not `now()`: the transaction spans network sends, and `now()`
    /// is when it began.
    public func deliverDue(limit: Int, maxAttempts: Int, backoffSeconds: (Int) -> Double,
                           _ deliver: (Item) -> Outcome) throws(ExchangeStoreError) -> Int {
        do {
            return try pool.transaction { tx in
                let rows = try tx.query("""
                    SELECT o.id, o.message_id, o.partner_id, o.declaration_id, o.version, o.attempts,
                           rfc3339(o.created_at) AS created_at, v.document::text AS document
                      FROM exchange_outbox o
                      JOIN declaration_versions v ON v.declaration_id = o.declaration_id AND v.version = o.version
                     WHERE o.status = 'pending' AND o.next_attempt_at <= now()
                     ORDER BY o.id
                     LIMIT \(limit)
                     FOR UPDATE OF o SKIP LOCKED
                    """)
                for row in rows {
                    let document = try JSONParser.parse(Array(try row.decode(String.self, column: "document").utf8), limits: JSONLimits(maxBytes: 8 << 20))
                    let item = Item(id: try row.decode(Int64.self, column: "id"), messageID: try row.decode(UUID.self, column: "message_id"),
                                    partnerID: try row.decode(String.self, column: "partner_id"),
                                    declarationID: try row.decode(UUID.self, column: "declaration_id"),
                                    version: try row.decode(Int.self, column: "version"), attempts: try row.decode(Int.self, column: "attempts"),
                                    document: DocumentOrder.restore(document), createdAt: try row.decode(String.self, column: "created_at"))
                    switch deliver(item) {
                    case .delivered(let receipt):
                        try tx.query("""
                            UPDATE exchange_outbox SET status = 'delivered', receipt = \(receipt), delivered_at = clock_timestamp(),
                                   attempts = attempts + 1, last_error = NULL WHERE id = \(item.id)
                            """)
                    case .deferred(let reason):
                        let seconds = backoffSeconds(max(1, item.attempts))
                        try tx.query("""
                            UPDATE exchange_outbox SET last_error = \(reason), next_attempt_at = clock_timestamp() + make_interval(secs => \(seconds))
                             WHERE id = \(item.id)
                            """)
                    case .failed(let reason):
                        let attempts = item.attempts + 1
                        let seconds = backoffSeconds(attempts)
                        try tx.query("""
                            UPDATE exchange_outbox SET attempts = \(attempts), last_error = \(reason),
                                   status = CASE WHEN \(attempts) >= \(maxAttempts) THEN 'parked' ELSE 'pending' END,
                                   next_attempt_at = clock_timestamp() + make_interval(secs => \(seconds))
                             WHERE id = \(item.id)
                            """)
                    }
                }
                return rows.count
            }
        } catch {
            throw .database(error)
        }
    }

    /// For `smartgate outbox list`.
    public func list(status: String?) throws(ExchangeStoreError) -> [JSONValue] {
        do {
            return try pool.query("""
                SELECT id, message_id, partner_id, declaration_id, version, status, attempts, last_error,
                       rfc3339(created_at) AS created_at, rfc3339(next_attempt_at) AS next_attempt_at, rfc3339(delivered_at) AS delivered_at
                  FROM exchange_outbox WHERE (\(status)::text IS NULL OR status = \(status)) ORDER BY id
                """).map { row -> JSONValue in
                    [
                        "id": .number(JSONNumber(String(try row.decode(Int64.self, column: "id")))!),
                        "messageId": .string(try row.decode(UUID.self, column: "message_id").uuidString.lowercased()),
                        "partner": .string(try row.decode(String.self, column: "partner_id")),
                        "declarationId": .string(try row.decode(UUID.self, column: "declaration_id").uuidString.lowercased()),
                        "version": .number(JSONNumber(try row.decode(Int.self, column: "version"))),
                        "status": .string(try row.decode(String.self, column: "status")),
                        "attempts": .number(JSONNumber(try row.decode(Int.self, column: "attempts"))),
                        "lastError": try row.decode(String?.self, column: "last_error").map { .string($0) } ?? .null,
                        "createdAt": .string(try row.decode(String.self, column: "created_at")),
                        "nextAttemptAt": .string(try row.decode(String.self, column: "next_attempt_at")),
                        "deliveredAt": try row.decode(String?.self, column: "delivered_at").map { .string($0) } ?? .null,
                    ]
                }
        } catch {
            throw .database(error)
        }
    }

    /// Puts parked messages (one by id, or all) back in the queue, due now. Returns how many.
    public func retry(id: Int64?) throws(ExchangeStoreError) -> Int {
        do {
            return try pool.query("""
                UPDATE exchange_outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
                 WHERE status = 'parked' AND (\(id)::bigint IS NULL OR id = \(id)) RETURNING id
                """).count
        } catch {
            throw .database(error)
        }
    }
}
