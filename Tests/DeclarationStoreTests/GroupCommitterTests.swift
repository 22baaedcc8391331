import AuditTrail
import Customs
import DeclarationStore
import Foundation
import PostgresClient
import Synchronization
import Testing
import TestSupport

@Suite struct GroupCommitterTests {
    @Test func concurrentSubmittersShareCommitsAndEveryDeclarationIsStoredWhole() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let submitters = 32, each = 8
        let outcomes = concurrently(submitters) { _ in
            (0..<each).map { _ in (try? fixture.store.submit(fixture.pending())) ?? nil }
        }
        #expect(outcomes.joined().allSatisfy { $0 == .inserted })
        let statistics = fixture.store.committer.statistics
        let rows = submitters * each
        #expect(statistics.rows == rows)
        // Group commit: far fewer transactions than declarations.
        #expect(statistics.commits < rows / 2)
        #expect(statistics.largestBatch > 1)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == rows)
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_versions") == rows)
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods") == rows * 2)
    }

    /// Submitting without waiting: one thread queues many declarations, each completion runs once
    /// after its commit, and the declarations share commits. After `close`, a submission is
    /// refused at once, on the caller's thread.
    @Test func submissionsThatDoNotWaitAreCompletedOnceEachAfterTheirCommit() throws {
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 64, maxWait: .milliseconds(20)))
        let count = 100
        let outcomes = Mutex<[UUID: [CommitOutcome]]>([:])
        let done = DispatchGroup()
        for _ in 0..<count {
            let pending = fixture.pending()
            done.enter()
            fixture.store.submit(pending) { result in
                outcomes.withLock { $0[pending.id, default: []].append((try? result.get()) ?? .idempotencyKeyTaken) }
                done.leave()
            }
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        let seen = outcomes.withLock { $0 }
        #expect(seen.count == count)
        #expect(seen.values.allSatisfy { $0 == [.inserted] })
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == count)
        #expect(fixture.store.committer.statistics.commits < count / 2)
        fixture.close()
        let refused = Mutex<DeclarationStoreError?>(nil)
        fixture.store.submit(fixture.pending()) { result in
            if case .failure(let error) = result { refused.withLock { $0 = error } }
        }
        #expect(refused.withLock { $0 }.map { if case .unavailable = $0 { true } else { false } } == true)
    }

    /// Several committers write batches at once; the audit chain must still verify entry by
    /// entry, and the release feed must stay gap-free (both heads are held until COMMIT).
    @Test func fourCommittersKeepTheAuditChainIntactAndTheReleaseFeedGapFree() throws {
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 16, committers: 4))
        defer { fixture.close() }
        let submitters = 24, each = 10
        let outcomes = concurrently(submitters) { i in
            // Green ones are released at once, so they enter the release feed in the same commit.
            (0..<each).map { _ in (try? fixture.store.submit(fixture.pending(lane: i % 2 == 0 ? .green : .yellow))) ?? nil }
        }
        #expect(outcomes.joined().allSatisfy { $0 == .inserted })
        let rows = submitters * each
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == rows)
        #expect(try fixture.count("SELECT count(*) AS n FROM manifest_feed") == rows / 2)
        #expect(try AuditTrail.verify(pool: fixture.pool) == .intact(entries: Int64(rows)))
        #expect(try fixture.count("SELECT count(*) AS n FROM manifest_feed") == fixture.count("SELECT count(*) AS n FROM declarations WHERE status = 'released'"))
        #expect(try fixture.count("SELECT coalesce(max(position), 0) - count(*) AS n FROM manifest_feed") == 0)
    }

    /// A commit about to start waits for declarations announced as on their way, and stops
    /// waiting for one that is abandoned; without the wait the first would commit alone.
    @Test func aCommitWaitsForAnnouncedDeclarationsAndNotForAbandonedOnes() throws {
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 64, comingWait: .seconds(60)))
        defer { fixture.close() }
        let first = fixture.store.intend(), second = fixture.store.intend(), abandoned = fixture.store.intend()
        let done = DispatchSemaphore(value: 0)
        let outcome = ResultsBox<CommitOutcome?>(2)
        outcome.set(0, nil)
        outcome.set(1, nil)
        Thread {
            outcome.set(0, try? fixture.store.submit(fixture.pending(), intent: first))
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        #expect(outcome.values[0] == nil)  // still waiting for the two announced
        Thread {
            outcome.set(1, try? fixture.store.submit(fixture.pending(), intent: second))
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        fixture.store.abandon(abandoned)
        fixture.store.abandon(first)  // harmless after its submit
        // Liveness, not speed: without the abandon these would wait the full minute.
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(outcome.values == [.inserted, .inserted])
        let statistics = fixture.store.committer.statistics
        #expect(statistics.commits == 1)
        #expect(statistics.largestBatch == 2)
    }

    /// A batch already as large as `comingWaitBelow` commits at once, however many declarations
    /// are still announced: waiting for them would idle PostgreSQL for nothing a batch that size
    /// needs.
    @Test func aBatchLargeEnoughDoesNotWaitForAnnouncedDeclarations() throws {
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 64, comingWait: .seconds(60), comingWaitBelow: 2))
        defer { fixture.close() }
        let announced = fixture.store.intend()
        defer { fixture.store.abandon(announced) }
        let first = fixture.store.intend(), second = fixture.store.intend()
        let done = DispatchSemaphore(value: 0)
        let outcome = ResultsBox<CommitOutcome?>(2)
        outcome.set(0, nil)
        outcome.set(1, nil)
        Thread {
            outcome.set(0, try? fixture.store.submit(fixture.pending(), intent: first))
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        #expect(outcome.values[0] == nil, "one queued, two announced: it waits")
        Thread {
            outcome.set(1, try? fixture.store.submit(fixture.pending(), intent: second))
            done.signal()
        }.start()
        // Two queued while `announced` is still on its way: they commit without the minute's wait.
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(outcome.values == [.inserted, .inserted])
        #expect(fixture.store.committer.statistics.largestBatch == 2)
    }

    /// The partner listener verifies a pushed message against a cached partner; the commit checks
    /// the signing key again, so a key retired (or expired) in between stores nothing, while a key
    /// whose retirement is still ahead stores as usual.
    @Test func aPartnerDeclarationWhoseSigningKeyWasRetiredBeforeItsCommitIsNotStored() throws {
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 64, maxWait: .milliseconds(50)))
        defer { fixture.close() }
        try fixture.pool.query("""
            INSERT INTO partners (id, cert_sha256, carrier_id) VALUES ('nanning', repeat('ab', 32), \(fixture.carrierID))
            """)
        let keys = (0...4).map { String(repeating: String($0), count: 32) }  // keys[1] to keys[4]
        try fixture.pool.query("""
            INSERT INTO partner_keys (key_id, partner_id, public_key, valid_from, valid_until, retired_at) VALUES
              (\(keys[1]), 'nanning', \(Array(repeating: UInt8(1), count: 32)), now() - interval '1 day', NULL, NULL),
              (\(keys[2]), 'nanning', \(Array(repeating: UInt8(2), count: 32)), now() - interval '1 day', NULL, now() - interval '1 second'),
              (\(keys[3]), 'nanning', \(Array(repeating: UInt8(3), count: 32)), now() - interval '1 day', now() - interval '1 second', NULL),
              (\(keys[4]), 'nanning', \(Array(repeating: UInt8(4), count: 32)), now() - interval '1 day', NULL, now() + interval '1 hour')
            """)
        let outcomes = concurrently(8) { i -> CommitOutcome? in
            var pending = fixture.pending(key: "exchange:message-\(i)")
            pending.partnerKeyID = keys[i % 4 + 1]
            return try? fixture.store.submit(pending)
        }
        #expect(outcomes.enumerated().map { $0.element == .inserted } == (0..<8).map { $0 % 4 == 0 || $0 % 4 == 3 })
        #expect(outcomes.filter { $0 == .credentialRevoked }.count == 4)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 4)
        // The refused messages' ids stay free: the partner may send them again, signed with a valid key.
        #expect(try fixture.count("SELECT count(*) AS n FROM idempotency_keys") == 4)
    }

    /// The daemon may authenticate from its key cache; the commit itself checks the key again, so
    /// a key revoked in between creates nothing, and the others in the same batch still commit.
    @Test func aDeclarationWhoseKeyWasRevokedBeforeItsCommitIsNotStoredAndTheRestOfTheBatchIs() throws {
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 64, maxWait: .milliseconds(50)))
        defer { fixture.close() }
        try fixture.pool.query("""
            INSERT INTO carrier_api_keys (key_id, carrier_id, secret_sha256, revoked_at)
            VALUES ('livekey00001', \(fixture.carrierID), \(Array(repeating: UInt8(1), count: 32)), NULL),
                   ('revokedkey01', \(fixture.carrierID), \(Array(repeating: UInt8(2), count: 32)), now())
            """)
        let outcomes = concurrently(12) { i -> CommitOutcome? in
            var pending = fixture.pending(key: i % 3 == 0 ? "key-\(i)" : nil)
            pending.apiKeyID = i % 2 == 0 ? "revokedkey01" : "livekey00001"
            return try? fixture.store.submit(pending)
        }
        #expect(outcomes.filter { $0 == .credentialRevoked }.count == 6)
        #expect(outcomes.filter { $0 == .inserted }.count == 6)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 6)
        // The revoked ones' idempotency keys stay free: nothing half-claimed.
        #expect(try fixture.count("SELECT count(*) AS n FROM idempotency_keys") == 2)
        #expect(try AuditTrail.verify(pool: fixture.pool) == .intact(entries: 6))
    }

    @Test func twentyConcurrentSubmissionsWithOneKeyInsertOneDeclarationEvenWithoutTheGate() throws {
        // No IdempotencyGate here: this is what two daemons racing on one key would do.
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 8))
        defer { fixture.close() }
        let outcomes = concurrently(20) { _ in try? fixture.store.submit(fixture.pending(key: "same-key")) }
        #expect(outcomes.filter { $0 == .inserted }.count == 1)
        #expect(outcomes.filter { $0 == .idempotencyKeyTaken }.count == 19)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 1)
        #expect(try fixture.count("SELECT count(*) AS n FROM idempotency_keys") == 1)
        let answer = try fixture.store.storedAnswer(carrierID: fixture.carrierID, key: "same-key")
        #expect(answer?.status == 201)
    }

    @Test func aDeclarationTheDatabaseRefusesFailsAloneAndItsBatchCommits() throws {
        // A generous wait so the good and the bad declarations share a batch.
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 10, maxWait: .milliseconds(500)))
        defer { fixture.close() }
        let unknownCarrier = UUID()
        let results = concurrently(10) { index -> Result<CommitOutcome, DeclarationStoreError> in
            Result { () throws(DeclarationStoreError) -> CommitOutcome in
                try fixture.store.submit(fixture.pending(carrierID: index == 3 ? unknownCarrier : nil))
            }
        }
        for (index, result) in results.enumerated() {
            if index == 3 {
                guard case .failure(.database(let error)) = result else {
                    Issue.record("expected a database error, got \(result)")
                    continue
                }
                #expect(error.isForeignKeyViolation)
            } else {
                #expect((try? result.get()) == .inserted)
            }
        }
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 9)
        #expect(fixture.store.committer.statistics.splitBatches >= 1)
    }

    /// Completions run off the committer's thread; closing the store still waits for every one
    /// of them, so a daemon shutting down answers every declaration it committed.
    @Test func closingTheStoreReturnsOnlyAfterEveryCompletionRan() throws {
        let fixture = try StoreFixture(groupCommit: .init(maxBatch: 16))
        defer { fixture.pool.close(); fixture.db.drop() }
        let count = 200
        let completed = Mutex(0)
        for _ in 0..<count {
            fixture.store.submit(fixture.pending()) { result in
                // Slow completions: close must not return while any is still queued behind them.
                Thread.sleep(forTimeInterval: 0.002)
                if case .success(.inserted) = result { completed.withLock { $0 += 1 } }
            }
        }
        fixture.store.close()
        #expect(completed.withLock { $0 } == count)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == count)
    }

    @Test func submissionsAfterCloseAreRefusedAsUnavailable() throws {
        let fixture = try StoreFixture()
        defer { fixture.pool.close(); fixture.db.drop() }
        fixture.store.close()
        #expect(throws: DeclarationStoreError.self) { try fixture.store.submit(fixture.pending()) }
    }
}
