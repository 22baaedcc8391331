import Customs
import Foundation
import Logging
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

    /// Stores a new declaration durably (returns after COMMIT).
    public func submit(_ declaration: PendingDeclaration) throws(DeclarationStoreError) -> CommitOutcome {
        try committer.submit(declaration)
    }

    /// The answer stored for a carrier's idempotency key, if the key was used.
    public func storedAnswer(carrierID: UUID, key: String) throws(DeclarationStoreError) -> StoredAnswer? {
        try run { pool in
            let rows = try pool.query("""
                SELECT declaration_id, request_sha256, response_status, response_body
                  FROM idempotency_keys WHERE carrier_id = \(carrierID) AND key = \(key)
                """)
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
                SELECT id, status, version, rfc3339(created_at) AS created_at, rfc3339(updated_at) AS updated_at,
                       rfc3339(cancelled_at) AS cancelled_at, document::text AS document
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
                SELECT seq, id, status, version, rfc3339(created_at) AS created_at, rfc3339(updated_at) AS updated_at,
                       rfc3339(cancelled_at) AS cancelled_at, document::text AS document
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

    /// Adds a version with the new document, keeping the earlier ones. Only a submitted
    /// declaration can be amended.
    public func amend(id: UUID, carrierID: UUID, document: JSONValue, at time: Timestamp) throws(DeclarationStoreError) -> DeclarationRecord {
        let text = PostgresJSON(text: document.compactText)
        return try run { pool in
            try pool.transaction { tx in
                let current = try tx.query("SELECT status, version FROM declarations WHERE id = \(id) AND carrier_id = \(carrierID) FOR UPDATE")
                guard let row = current.first else { throw DeclarationStoreError.notFound }
                let status = DeclarationStatus(rawValue: try row.decode(String.self, column: "status")) ?? .released
                guard status == .submitted else { throw DeclarationStoreError.notAllowed(status: status) }
                let next = try row.decode(Int.self, column: "version") + 1
                let at = time.description
                try tx.query("""
                    INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at)
                    VALUES (\(id), \(next), \(text), jsonb_array_length(\(text)::jsonb -> 'goods'), \(at)::timestamptz)
                    """)
                try tx.query("""
                    INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit,
                                                   gross_kg, net_kg, value, currency, origin)
                    SELECT \(id), \(next), (g.n - 1)::integer, g.line ->> 'hsCode', g.line ->> 'description',
                           (g.line ->> 'quantity')::numeric, g.line ->> 'unit', (g.line ->> 'grossKg')::numeric,
                           (g.line ->> 'netKg')::numeric, (g.line ->> 'value')::numeric, g.line ->> 'currency', g.line ->> 'origin'
                      FROM jsonb_array_elements(\(text)::jsonb -> 'goods') WITH ORDINALITY AS g(line, n)
                    """)
                let updated = try tx.query("""
                    UPDATE declarations
                       SET version = \(next), document = \(text), direction = \(text)::jsonb ->> 'direction',
                           crossing = \(text)::jsonb ->> 'crossing', planned_crossing_on = (\(text)::jsonb ->> 'plannedCrossingOn')::date,
                           trader_tax_code = \(text)::jsonb #>> '{trader,taxCode}', vehicle_plate = \(text)::jsonb #>> '{vehicle,plate}',
                           updated_at = greatest(created_at, \(at)::timestamptz)
                     WHERE id = \(id)
                    RETURNING id, status, version, rfc3339(created_at) AS created_at, rfc3339(updated_at) AS updated_at,
                              rfc3339(cancelled_at) AS cancelled_at, document::text AS document
                    """)
                return try Self.record(updated[0])
            }
        }
    }

    /// Cancels a submitted declaration. Cancelling a cancelled one answers its current state
    /// (a retried cancel succeeds); a released one cannot be cancelled.
    public func cancel(id: UUID, carrierID: UUID, at time: Timestamp) throws(DeclarationStoreError) -> DeclarationRecord {
        let at = time.description
        let changed: DeclarationRecord? = try run { pool in
            let rows = try pool.query("""
                UPDATE declarations
                   SET status = 'cancelled', cancelled_at = greatest(created_at, \(at)::timestamptz),
                       updated_at = greatest(created_at, \(at)::timestamptz)
                 WHERE id = \(id) AND carrier_id = \(carrierID) AND status = 'submitted'
                RETURNING id, status, version, rfc3339(created_at) AS created_at, rfc3339(updated_at) AS updated_at,
                          rfc3339(cancelled_at) AS cancelled_at, document::text AS document
                """)
            return try rows.first.map(Self.record)
        }
        if let changed { return changed }
        let current = try find(id: id, carrierID: carrierID)
        guard current.status == .cancelled else { throw .notAllowed(status: current.status) }
        return current
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

    static func record(_ row: PostgresRow) throws -> DeclarationRecord {
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
