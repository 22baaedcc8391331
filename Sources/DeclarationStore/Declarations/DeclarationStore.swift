import Customs
import Foundation
import Logging
import AuditTrail
import PostgresClient

/// Declarations in PostgreSQL: new ones through the group commit, everything else (reads,
/// amendments, cancellation, idempotency look-ups) through the pool. Every call is scoped to one
/// carrier: another carrier's declaration is simply not found.
///
/// Blocking (libpq): call it from the HTTP server's worker threads, never from an I/O thread.
public final class DeclarationStore: Sendable {
    public let pool: PostgresPool
    public let committer: GroupCommitter

    public init(pool: PostgresPool, groupCommit: GroupCommitConfiguration = .init(),
                logger: Logger = Logger(label: "smartgate.declarations")) {
        self.pool = pool
        self.committer = GroupCommitter(url: pool.url, configuration: groupCommit, logger: logger)
    }

    /// Stops the group commit after committing what is queued.
    public func close() {
        committer.stop()
    }

    // MARK: Submitting

    /// Stores a new declaration durably (returns after COMMIT). `intent`, from `intend()`, ends here.
    public func submit(_ declaration: PendingDeclaration, intent: GroupCommitter.Intent? = nil) throws(DeclarationStoreError) -> CommitOutcome {
        try committer.submit(declaration, intent: intent)
    }

    /// As `submit(_:intent:)` without waiting: `then` runs on the committer's thread after the
    /// commit and must not block (`GroupCommitter.submit(_:intent:then:)`).
    public func submit(_ declaration: PendingDeclaration, intent: GroupCommitter.Intent? = nil,
                       then: @escaping @Sendable (Result<CommitOutcome, DeclarationStoreError>) -> Void) {
        committer.submit(declaration, intent: intent, then: then)
    }

    /// Announces a declaration about to be validated and submitted (`GroupCommitter.intend`).
    public func intend() -> GroupCommitter.Intent {
        committer.intend()
    }

    public func abandon(_ intent: GroupCommitter.Intent) {
        committer.abandon(intent)
    }

    /// The answer stored for a carrier's idempotency key, if the key was used.
    public func storedAnswer(carrierID: UUID, key: String) throws(DeclarationStoreError) -> StoredAnswer? {
        try run { pool in
            let rows = try pool.queryPrepared("""
                SELECT declaration_id, request_sha256, response_status, response_body
                  FROM idempotency_keys WHERE carrier_id = \(carrierID) AND key = \(key)
                """, name: "smartgate_idempotency_answer")
            guard let row = rows.first else { return nil }
            return StoredAnswer(declarationID: try row.decode(UUID.self, column: "declaration_id"),
                                requestSHA256: try row.decode([UInt8].self, column: "request_sha256"),
                                status: try row.decode(Int.self, column: "response_status"),
                                body: try row.decode(String.self, column: "response_body"))
        }
    }

    // MARK: Reading

    public func find(id: UUID, carrierID: UUID) throws(DeclarationStoreError) -> DeclarationRecord {
        try run { pool in
            let rows = try pool.query("""
                SELECT \(sql: Self.recordColumns)
                  FROM declarations WHERE id = \(id) AND carrier_id = \(carrierID)
                """)
            guard let row = rows.first else { throw DeclarationStoreError.notFound }
            return try Self.record(row)
        }
    }

    /// One page of a carrier's declarations in insertion order. Keyset pagination on the
    /// insertion sequence: rows never move, so paging while others insert neither skips nor
    /// repeats a declaration.
    public func list(carrierID: UUID, filter: DeclarationFilter) throws(DeclarationStoreError) -> DeclarationPage {
        try run { pool in
            let after = filter.after?.sequence ?? 0
            let limit = filter.limit + 1
            let rows = try pool.query("""
                SELECT seq, \(sql: Self.recordColumns)
                  FROM declarations
                 WHERE carrier_id = \(carrierID) AND seq > \(after)
                   AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
                   AND (\(filter.createdFrom)::timestamptz IS NULL OR created_at >= \(filter.createdFrom)::timestamptz)
                   AND (\(filter.createdTo)::timestamptz IS NULL OR created_at < \(filter.createdTo)::timestamptz)
                 ORDER BY seq
                 LIMIT \(limit)
                """)
            var items: [DeclarationRecord] = []
            var lastSequence: Int64 = 0
            for row in rows.prefix(filter.limit) {
                items.append(try Self.record(row))
                lastSequence = try row.decode(Int64.self, column: "seq")
            }
            let more = rows.count > filter.limit
            return DeclarationPage(items: items, next: more ? PageCursor(sequence: lastSequence) : nil)
        }
    }

    public func version(_ number: Int, of id: UUID, carrierID: UUID) throws(DeclarationStoreError) -> DeclarationVersion {
        try run { pool in
            let rows = try pool.query("""
                SELECT v.version, rfc3339(v.created_at) AS created_at, v.document::text AS document
                  FROM declaration_versions v JOIN declarations d ON d.id = v.declaration_id
                 WHERE v.declaration_id = \(id) AND d.carrier_id = \(carrierID) AND v.version = \(number)
                """)
            guard let row = rows.first else { throw DeclarationStoreError.notFound }
            return DeclarationVersion(declarationID: id, version: try row.decode(Int.self, column: "version"),
                                      createdAt: try row.decode(String.self, column: "created_at"),
                                      document: try Self.document(row))
        }
    }

    // MARK: Changing

    /// Adds a version with the new document and its own lane decision, keeping the earlier ones.
    /// Only a declaration still waiting for an officer, and not claimed by one, can be amended; its
    /// lane becomes the stricter of the current one and the new decision's.
    public func amend(id: UUID, carrierID: UUID, document: JSONValue, decision: LaneDecision,
                      at time: Timestamp) throws(DeclarationStoreError) -> DeclarationRecord {
        let text = PostgresJSON(text: document.compactText)
        return try run { pool in
            try pool.transaction { tx in
                let current = try Self.lockChangeable(tx, id: id, carrierID: carrierID)
                let next = current.version + 1
                // An amendment never lowers the lane: otherwise re-sending the same document would
                // undo a supervisor's override or a random selection (a new draw each time), and a
                // declaration a quarantine officer cleared could skip customs. The new version's own
                // decision is stored as the engine made it (so it replays); the declaration keeps the
                // stricter of the two lanes.
                let lane = max(decision.lane, current.lane ?? decision.lane)
                let status = DeclarationStatus(lane: lane)
                let at = time.description
                // The version and its own decision are one row (Migrations/0011).
                let fired = JSONValue.array(decision.firedRules.map { .string($0.ruleID) })
                try tx.query("""
                    INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at,
                                                      lane, score, ruleset_version, decided_at, decision, fired_rules)
                    VALUES (\(id), \(next), \(text), jsonb_array_length(\(text)::jsonb -> 'goods'), \(at)::timestamptz,
                            \(decision.lane.rawValue), \(decision.score), \(decision.rulesetVersion),
                            \(decision.decidedAt.description)::timestamptz, \(PostgresJSON(text: decision.jsonValue().compactText))::jsonb,
                            ARRAY(SELECT jsonb_array_elements_text(\(PostgresJSON(text: fired.compactText))::jsonb)))
                    """)
                try tx.query("""
                    INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit,
                                                   gross_kg, net_kg, value, currency, origin)
                    SELECT \(id), \(next), (g.n - 1)::integer, g.line ->> 'hsCode', g.line ->> 'description',
                           (g.line ->> 'quantity')::numeric, g.line ->> 'unit', (g.line ->> 'grossKg')::numeric,
                           (g.line ->> 'netKg')::numeric, (g.line ->> 'value')::numeric, g.line ->> 'currency', g.line ->> 'origin'
                      FROM jsonb_array_elements(\(text)::jsonb -> 'goods') WITH ORDINALITY AS g(line, n)
                    """)
                // The audit entry before the update that may release it (lock order: audit head, then feed head).
                var details = PendingDeclaration.auditDetails(version: next, decision: decision, status: status)
                if case .object(var object) = details, lane != decision.lane {
                    object["lane"] = .string(lane.rawValue)
                    object["decidedLane"] = .string(decision.lane.rawValue)
                    details = .object(object)
                }
                try AuditTrail.append(tx, actor: "carrier:" + carrierID.uuidString.lowercased(), action: "declaration.amended",
                                      declarationID: id, details: details, at: at)
                let updated = try tx.query("""
                    UPDATE declarations
                       SET version = \(next), document = \(text), direction = \(text)::jsonb ->> 'direction',
                           crossing = \(text)::jsonb ->> 'crossing', planned_crossing_on = (\(text)::jsonb ->> 'plannedCrossingOn')::date,
                           trader_tax_code = \(text)::jsonb #>> '{trader,taxCode}', vehicle_plate = \(text)::jsonb #>> '{vehicle,plate}',
                           status = \(status.rawValue), lane = \(lane.rawValue),
                           released_at = CASE WHEN \(status.rawValue) = 'released' THEN greatest(created_at, \(at)::timestamptz) END,
                           queued_at = greatest(created_at, \(at)::timestamptz),
                           updated_at = greatest(created_at, \(at)::timestamptz)
                     WHERE id = \(id)
                    RETURNING \(sql: Self.recordColumns)
                    """)
                return try Self.record(updated[0])
            }
        }
    }

    /// Locks a carrier's declaration for a change and checks that the carrier may still make one.
    private static func lockChangeable(_ tx: PostgresConnection, id: UUID, carrierID: UUID) throws -> (status: DeclarationStatus, version: Int, lane: Lane?) {
        let current = try tx.query("""
            SELECT status, version, lane, EXISTS (SELECT 1 FROM claims c WHERE c.declaration_id = d.id) AS claimed
              FROM declarations d WHERE id = \(id) AND carrier_id = \(carrierID) FOR UPDATE
            """)
        guard let row = current.first else { throw DeclarationStoreError.notFound }
        let status = DeclarationStatus(rawValue: try row.decode(String.self, column: "status")) ?? .released
        guard status.isChangeableByCarrier else { throw DeclarationStoreError.notAllowed(status: status) }
        guard !(try row.decode(Bool.self, column: "claimed")) else { throw DeclarationStoreError.claimedByOfficer }
        return (status, try row.decode(Int.self, column: "version"), try row.decode(String?.self, column: "lane").flatMap(Lane.init(rawValue:)))
    }

    /// Cancels a declaration still waiting for an officer and not claimed by one. Cancelling a
    /// cancelled one answers its current state (a retried cancel succeeds); a released or held one
    /// cannot be cancelled.
    public func cancel(id: UUID, carrierID: UUID, at time: Timestamp) throws(DeclarationStoreError) -> DeclarationRecord {
        let at = time.description
        return try run { pool in
            try pool.transaction { tx in
                let current = try tx.query("SELECT status FROM declarations WHERE id = \(id) AND carrier_id = \(carrierID)")
                guard let row = current.first else { throw DeclarationStoreError.notFound }
                if try row.decode(String.self, column: "status") == DeclarationStatus.cancelled.rawValue {
                    return try Self.record(tx.query("SELECT \(sql: Self.recordColumns) FROM declarations WHERE id = \(id)")[0])
                }
                let from = try Self.lockChangeable(tx, id: id, carrierID: carrierID).status
                let rows = try tx.query("""
                    UPDATE declarations
                       SET status = 'cancelled', cancelled_at = greatest(created_at, \(at)::timestamptz),
                           updated_at = greatest(created_at, \(at)::timestamptz)
                     WHERE id = \(id)
                    RETURNING \(sql: Self.recordColumns)
                    """)
                try AuditTrail.append(tx, actor: "carrier:" + carrierID.uuidString.lowercased(), action: "declaration.cancelled",
                                      declarationID: id, details: ["from": .string(from.rawValue)], at: at)
                return try Self.record(rows[0])
            }
        }
    }

    // MARK: Helpers

    /// Runs `body` on the pool and sorts any failure into the store's errors.
    private func run<T>(_ body: (PostgresPool) throws -> T) throws(DeclarationStoreError) -> T {
        do {
            return try body(pool)
        } catch {
            throw DeclarationStoreError.from(error)
        }
    }

    /// jsonb's text form adds a space after every `,` and `:`, so a stored document may be larger
    /// than the body it came from; it was checked on the way in.
    static let storedDocumentLimits = JSONLimits(maxBytes: 8 << 20)

    /// The columns `record(_:)` reads.
    public static let recordColumns: StaticString = """
        id, status, version, lane, rfc3339(created_at) AS created_at, rfc3339(updated_at) AS updated_at,
        rfc3339(cancelled_at) AS cancelled_at, rfc3339(released_at) AS released_at, document::text AS document
        """

    public static func record(_ row: PostgresRow) throws -> DeclarationRecord {
        let statusText = try row.decode(String.self, column: "status")
        guard let status = DeclarationStatus(rawValue: statusText) else {
            throw PostgresError(kind: .decoding, message: "unknown declaration status \(statusText)", column: "status")
        }
        return DeclarationRecord(
            id: try row.decode(UUID.self, column: "id"), status: status,
            version: try row.decode(Int.self, column: "version"),
            createdAt: try row.decode(String.self, column: "created_at"),
            updatedAt: try row.decode(String.self, column: "updated_at"),
            cancelledAt: try row.decode(String?.self, column: "cancelled_at"),
            lane: try row.decode(String?.self, column: "lane").flatMap(Lane.init(rawValue:)),
            releasedAt: try row.decode(String?.self, column: "released_at"),
            document: try document(row))
    }

    static func document(_ row: PostgresRow) throws -> JSONValue {
        let text = try row.decode(String.self, column: "document")
        do {
            return DocumentOrder.restore(try JSONParser.parse(Array(text.utf8), limits: storedDocumentLimits))
        } catch {
            throw PostgresError(kind: .decoding, message: "stored document is not JSON: \(error)", column: "document")
        }
    }
}
