import Customs
import Dispatch
import Foundation
import Logging
import PostgresClient
import Synchronization

/// Group commit: the declarations of many concurrent requests go into one transaction.
///
/// Request threads queue a `PendingDeclaration` with a completion to run after the commit (or
/// block until then: the blocking `submit` waits for its own completion). A committer thread (there are
/// `committers` of them, each with its own connection) takes everything queued (up to
/// `maxBatch`), writes it with a single multi-row statement (an implicit transaction:
/// declarations, versions with their lane decisions and fired rules, goods lines, audit entries
/// and idempotency keys from one jsonb parameter, each declaration only if its carrier's API key
/// is still unrevoked), and wakes each request only after PostgreSQL has acknowledged the COMMIT with
/// `synchronous_commit = on`. While one batch waits for its WAL flush the next one gathers, so
/// under load a flush carries dozens of declarations and at low load nobody waits for company.
///
/// One declaration's failure must not fail the others: when a batch is refused as a whole, each
/// of its declarations is retried alone. When the connection breaks mid-commit the outcome is
/// unknown, so the committer asks a fresh connection which of the batch's ids exist.
public final class GroupCommitter: @unchecked Sendable {
    private let url: String
    private let configuration: GroupCommitConfiguration
    private let logger: Logger

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Waiter] = []
    private var stopping = false
    private var running = 0
    /// Intents not yet submitted nor abandoned: declarations on their way.
    private var coming = 0

    /// A request's announcement that it will submit a declaration shortly (`intend()`); ends at
    /// `submit` or `abandon`, whichever comes first.
    public final class Intent: @unchecked Sendable {
        /// Guarded by the committer's condition.
        fileprivate var open = true
    }

    private let counters = Mutex(GroupCommitStatistics())

    /// Where a committed batch's completions run, and where its declarations are freed. Not on
    /// the committer's thread: PostgreSQL's backend, the bottleneck of a burst, waits for the next
    /// statement while that thread works, and waking 30-odd requests and freeing their documents
    /// was about half of what it did (Docs/benchmarks.md, "Where the time went", 2026-12-02).
    private let finisher = DispatchQueue(label: "smartgate.group-commit.finish")

    /// A committer thread's own connection (touched by that thread only).
    private final class Session {
        var connection: PostgresConnection?
    }

    public init(url: String, configuration: GroupCommitConfiguration = .init(), logger: Logger = Logger(label: "smartgate.groupcommit")) {
        self.url = url
        self.configuration = configuration
        self.logger = logger
        running = configuration.committers
        for i in 0..<configuration.committers {
            let thread = Thread { [self] in run(Session()) }
            thread.name = "group-commit-\(i)"
            thread.start()
        }
    }

    public var statistics: GroupCommitStatistics { counters.withLock { $0 } }

    /// Announces a declaration that is being prepared, so that a commit about to start may wait
    /// (up to `comingWait`) to carry it too. End it with `submit(_:intent:)` or `abandon(_:)`.
    public func intend() -> Intent {
        condition.lock()
        coming += 1
        condition.unlock()
        return Intent()
    }

    /// The announced declaration will not come (it was refused, or failed): commits stop waiting
    /// for it. Harmless after `submit`.
    public func abandon(_ intent: Intent) {
        condition.lock()
        if intent.open {
            intent.open = false
            coming -= 1
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Queues the declaration and returns once its transaction committed (or failed).
    public func submit(_ declaration: PendingDeclaration, intent: Intent? = nil) throws(DeclarationStoreError) -> CommitOutcome {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<CommitOutcome, DeclarationStoreError>?>(nil)
        submit(declaration, intent: intent) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// Queues the declaration and returns at once; `then` runs on the committer's finishing queue
    /// once the transaction committed or failed, or at once when the committer is stopping. It
    /// should not block: the completions of later batches wait for it.
    public func submit(_ declaration: PendingDeclaration, intent: Intent? = nil,
                       then: @escaping @Sendable (Result<CommitOutcome, DeclarationStoreError>) -> Void) {
        // Serialised here, on the submitting thread, not on the committer's: PostgreSQL waits
        // while the committer builds a batch.
        let waiter = Waiter(declaration, row: declaration.batchRowBytes(), then: then)
        condition.lock()
        if let intent, intent.open {
            intent.open = false
            coming -= 1
        }
        let accepted = !stopping
        if accepted {
            queue.append(waiter)
            condition.signal()
        }
        condition.unlock()
        if !accepted { then(.failure(.unavailable("the daemon is shutting down"))) }
    }

    /// Commits what is queued, then stops the threads and closes their connections. Later submissions
    /// are refused as unavailable.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
        // Every completion has run when stop returns.
        finisher.sync {}
    }

    // MARK: The committer thread

    private func run(_ session: Session) {
        while let batch = nextBatch() {
            commit(batch, session)
        }
        session.connection?.close()
        session.connection = nil
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until something is queued; nil once stopping and drained.
    private func nextBatch() -> [Waiter]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !stopping { condition.wait() }
        if queue.isEmpty { return nil }
        gather(for: configuration.maxWait) { true }
        // Company on its way: requests already validating will submit within a validation's time.
        // Worth waiting for only while the batch is small (GroupCommitConfiguration.comingWaitBelow).
        gather(for: configuration.comingWait) { coming > 0 && queue.count < configuration.comingWaitBelow }
        let count = min(queue.count, configuration.maxBatch)
        let batch = Array(queue.prefix(count))
        queue.removeFirst(count)
        return batch
    }

    /// With the condition held: waits up to `duration` while the batch is not full and `more()`
    /// holds (woken by every submit and abandon).
    private func gather(for duration: Duration, while more: () -> Bool) {
        guard duration > .zero else { return }
        let deadline = Date().addingTimeInterval(duration.timeInterval)
        while queue.count < configuration.maxBatch && !stopping && more() && condition.wait(until: deadline) {}
    }

    private func commit(_ batch: [Waiter], _ session: Session) {
        do {
            let (inserted, revoked) = try insert(batch, session)
            counters.withLock { statistics in
                statistics.commits += 1
                statistics.rows += inserted.count
                statistics.largestBatch = max(statistics.largestBatch, inserted.count)
            }
            complete(batch) { waiter in
                if inserted.contains(waiter.declaration.id) { return .success(.inserted) }
                if revoked.contains(waiter.declaration.id) { return .success(.credentialRevoked) }
                if waiter.declaration.idempotency != nil { return .success(.idempotencyKeyTaken) }
                return .failure(.database(PostgresError(kind: .unexpectedResult, message: "declaration \(waiter.declaration.id) was not inserted")))
            }
        } catch let error as PostgresError where Self.isTransient(error) {
            session.connection?.close()
            session.connection = nil
            recoverUnknownOutcome(batch, error: error, session)
        } catch let error as PostgresError {
            if batch.count > 1 {
                // One declaration spoiled the statement; the others deserve their commit.
                logger.warning("a group commit failed; retrying its declarations one by one", metadata: [
                    "size": "\(batch.count)", "error": "\(error)",
                ])
                counters.withLock { $0.splitBatches += 1 }
                for waiter in batch { commit([waiter], session) }
            } else {
                logger.error("a declaration could not be stored", metadata: ["id": "\(batch[0].declaration.id)", "error": "\(error)"])
                complete(batch) { _ in .failure(.database(error)) }
            }
        } catch {
            let reason = "\(error)"
            complete(batch) { _ in .failure(.unavailable(reason)) }
        }
    }

    /// Runs the batch's completions on the finishing queue, each with the result `outcome` gives it.
    private func complete(_ batch: [Waiter], _ outcome: @escaping @Sendable (Waiter) -> Result<CommitOutcome, DeclarationStoreError>) {
        finisher.async { for waiter in batch { waiter.finish(outcome(waiter)) } }
    }

    /// The connection broke while the batch was in flight: it may or may not have committed.
    /// The ids were chosen here, so a fresh connection can tell which declarations exist.
    private func recoverUnknownOutcome(_ batch: [Waiter], error: PostgresError, _ session: Session) {
        guard error.kind == .connectionLost else {
            complete(batch) { _ in .failure(.unavailable(error.message)) }
            return
        }
        do {
            let ids = JSONValue.array(batch.map { .string($0.declaration.id.lowercasedString) })
            let rows = try openConnection(session).query(
                "SELECT id FROM declarations WHERE id IN (SELECT jsonb_array_elements_text(\(PostgresJSON(text: ids.compactText)))::uuid)")
            let found = Set(try rows.map { try $0.decode(UUID.self, column: "id") })
            logger.warning("the connection broke during a group commit; outcome checked", metadata: [
                "size": "\(batch.count)", "committed": "\(found.count)",
            ])
            complete(batch) { waiter in
                found.contains(waiter.declaration.id) ? .success(.inserted) : .failure(.unavailable(error.message))
            }
        } catch {
            session.connection = nil
            let reason = "\(error)"
            complete(batch) { _ in .failure(.unavailable(reason)) }
        }
    }

    private func openConnection(_ session: Session) throws -> PostgresConnection {
        if let connection = session.connection, connection.isUsable { return connection }
        session.connection?.close()
        session.connection = nil
        let fresh = try PostgresConnection(url: url)
        // Durability is the point: never acknowledge before the WAL is flushed, whatever the
        // server's or the role's default says.
        try fresh.simpleQuery("SET synchronous_commit TO on")
        session.connection = fresh
        return fresh
    }

    /// One statement, so one implicit transaction and one round trip for the whole batch; prepared
    /// once per connection, since planning its eight parts costs more than executing a small batch.
    /// Returns the ids inserted (those whose idempotency key was free) and those refused because
    /// their API key was revoked or their partner signing key retired.
    private func insert(_ waiters: [Waiter], _ session: Session) throws -> (inserted: Set<UUID>, revoked: Set<UUID>) {
        var rows: [UInt8] = [UInt8(ascii: "[")]
        rows.reserveCapacity(waiters.reduce(2) { $0 + $1.row.count + 1 })
        for (i, waiter) in waiters.enumerated() {
            if i > 0 { rows.append(UInt8(ascii: ",")) }
            rows.append(contentsOf: waiter.row)
        }
        rows.append(UInt8(ascii: "]"))
        let batch = PostgresJSON(bytes: rows)
        let result = try openConnection(session).queryPrepared("""
            WITH input AS (
                SELECT * FROM jsonb_to_recordset(\(batch)) AS r(
                    id uuid, carrier_id uuid, document jsonb, created_at timestamptz,
                    idempotency_key text, request_sha256 text, response_body text,
                    status text, lane text, score integer, ruleset_version text, decided_at timestamptz,
                    decision jsonb, fired text[], actor text, audit jsonb, api_key_id text, partner_key_id text)
            ),
            authorised AS (
                SELECT * FROM input i
                 WHERE (i.api_key_id IS NULL
                        OR EXISTS (SELECT 1 FROM carrier_api_keys k WHERE k.key_id = i.api_key_id AND k.revoked_at IS NULL))
                   AND (i.partner_key_id IS NULL
                        OR EXISTS (SELECT 1 FROM partner_keys k WHERE k.key_id = i.partner_key_id
                                      AND (k.retired_at IS NULL OR k.retired_at > now())
                                      AND (k.valid_until IS NULL OR k.valid_until > now())))
            ),
            claimed AS (
                INSERT INTO idempotency_keys (carrier_id, key, request_sha256, declaration_id, response_status, response_body, created_at)
                SELECT carrier_id, idempotency_key, decode(request_sha256, 'hex'), id, 201, response_body, created_at
                  FROM authorised WHERE idempotency_key IS NOT NULL
                ON CONFLICT (carrier_id, key) DO NOTHING
                RETURNING declaration_id
            ),
            accepted AS (
                SELECT * FROM authorised WHERE idempotency_key IS NULL OR id IN (SELECT declaration_id FROM claimed)
            ),
            declared AS (
                INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
                                          trader_tax_code, vehicle_plate, document, created_at, updated_at,
                                          lane, released_at, queued_at)
                SELECT id, carrier_id, status, 1, document ->> 'direction', document ->> 'crossing',
                       (document ->> 'plannedCrossingOn')::date, document #>> '{trader,taxCode}',
                       document #>> '{vehicle,plate}', document, created_at, created_at,
                       lane, CASE WHEN status = 'released' THEN created_at END, created_at
                  FROM accepted ORDER BY created_at, id
                RETURNING id
            ),
            versions AS (
                INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at,
                                                  lane, score, ruleset_version, decided_at, decision, fired_rules)
                SELECT id, 1, document, jsonb_array_length(document -> 'goods'), created_at,
                       lane, score, ruleset_version, decided_at, decision, fired
                  FROM accepted
            ),
            goods AS (
                INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit,
                                               gross_kg, net_kg, value, currency, origin)
                SELECT a.id, 1, (g.n - 1)::integer, g.line ->> 'hsCode', g.line ->> 'description',
                       (g.line ->> 'quantity')::numeric, g.line ->> 'unit', (g.line ->> 'grossKg')::numeric,
                       (g.line ->> 'netKg')::numeric, (g.line ->> 'value')::numeric, g.line ->> 'currency', g.line ->> 'origin'
                  FROM accepted a CROSS JOIN LATERAL jsonb_array_elements(a.document -> 'goods') WITH ORDINALITY AS g(line, n)
            ),
            audited AS (
                INSERT INTO audit_log (occurred_at, actor, action, declaration_id, details)
                SELECT created_at, actor, 'declaration.submitted', id, audit FROM accepted ORDER BY created_at, id
            )
            SELECT id, true AS inserted FROM declared
            UNION ALL
            SELECT id, false FROM input WHERE id NOT IN (SELECT id FROM authorised)
            """, name: "smartgate_group_commit")
        var inserted = Set<UUID>(), revoked = Set<UUID>()
        for row in result {
            let id = try row.decode(UUID.self, column: "id")
            if try row.decode(Bool.self, column: "inserted") { inserted.insert(id) } else { revoked.insert(id) }
        }
        return (inserted, revoked)
    }

    static func isTransient(_ error: PostgresError) -> Bool {
        if case .unavailable = DeclarationStoreError.from(error) { return true }
        return false
    }

    /// One queued declaration, its element of the batch parameter (`PendingDeclaration.batchRow`,
    /// serialised) and what to run once its commit is known.
    struct Waiter: Sendable {
        let declaration: PendingDeclaration
        let row: [UInt8]
        let then: @Sendable (Result<CommitOutcome, DeclarationStoreError>) -> Void

        init(_ declaration: PendingDeclaration, row: [UInt8],
             then: @escaping @Sendable (Result<CommitOutcome, DeclarationStoreError>) -> Void) {
            self.declaration = declaration
            self.row = row
            self.then = then
        }

        func finish(_ result: Result<CommitOutcome, DeclarationStoreError>) {
            then(result)
        }
    }
}
