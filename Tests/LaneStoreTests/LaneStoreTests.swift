import AuditTrail
import Customs
import DeclarationStore
import Foundation
import Logging
import PostgresClient
import SchemaMigrations
import Testing
import TestSupport
@testable import LaneStore

/// The lane store on the real PostgreSQL, below the HTTP layer: claims under contention, the
/// ruleset registry, and the audit chain with many writers at once.
@Suite struct LaneStoreTests {
    final class Fixture: @unchecked Sendable {
        let db: TestDatabase
        let pool: PostgresPool
        let declarations: DeclarationStore
        let registry: RulesetRegistry
        let lanes: LaneStore
        let carrierID: UUID

        init() throws {
            db = try TestDatabase.create()
            let connection = try db.connect()
            defer { connection.close() }
            let migrations = try Migration.load(directory: Repository.root.appendingPathComponent("Migrations").path)
            _ = try Migrator(migrations: migrations, logger: Logger(label: "test")).migrate(connection: connection)
            carrierID = try connection.query("INSERT INTO carriers (name) VALUES ('Carrier') RETURNING id")[0].decode(UUID.self, column: "id")
            pool = PostgresPool(url: db.url, size: 12)
            declarations = DeclarationStore(pool: pool)
            registry = RulesetRegistry(pool: pool)
            lanes = LaneStore(pool: pool)
            try registry.install(try Self.rules(), actor: "test", source: "test")
        }

        static func rules(version: String = "test.1") throws -> [UInt8] {
            let text = try String(contentsOf: Repository.root.appendingPathComponent("Tests/Rulesets/test-rules.json"), encoding: .utf8)
            return Array(text.replacingOccurrences(of: #""version": "test.1""#, with: #""version": "\#(version)""#).utf8)
        }

        func close() {
            declarations.close()
            pool.close()
            db.drop()
        }

        /// A yellow declaration (durian under the test rules), stored through the group commit.
        func submit() throws -> UUID {
            let document = try JSONParser.parse(Array("""
                {"direction":"export","crossing":"HUU_NGHI","plannedCrossingOn":"2026-11-23",
                 "trader":{"taxCode":"4900567896","name":"Công ty","country":"VN"},
                 "vehicle":{"plate":"12C-123.45","plateCountry":"VN","kind":"truck","containers":[]},
                 "goods":[{"hsCode":"08109010","description":"Sầu riêng","quantity":1,"unit":"KGM","grossKg":2,"netKg":1,"value":3,"currency":"USD","origin":"VN"}],
                 "quarantine":{"certificates":[]}}
                """.utf8))
            let decision = LaneDecision(lane: .yellow, ruleLane: .yellow, score: 0, firedRules: [],
                                        randomSelection: RandomSelection(draw: 0.5, toYellow: 0, toRed: 0, escalatedTo: nil),
                                        rulesetVersion: "test.1", seed: 9, decidedAt: UTCTimestamp(millisecondsSince1970: 1_764_000_000_000), trader: .unknown)
            let pending = PendingDeclaration(id: UUID(), carrierID: carrierID, document: document, createdAt: .now(), decision: decision, idempotency: nil)
            _ = try declarations.submit(pending)
            return pending.id
        }

        func officer(_ name: String, _ role: OfficerRole = .customs) throws -> Officer {
            try OfficerStore(pool: pool).add(name: name, role: role, tokenID: String(UUID().uuidString.lowercased().filter(\.isLetter).prefix(12)).padding(toLength: 12, withPad: "a", startingAt: 0),
                                             secretSHA256: Array(repeating: 1, count: 32))
        }
    }

    @Test func eightOfficersClaimingAtOnceLeaveExactlyOneHolder() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let officers = try (0..<8).map { try fixture.officer("Officer \($0)") }
        for _ in 0..<5 {
            let id = try fixture.submit()
            let outcomes = concurrentlyRun(8) { index -> String in
                do {
                    let claim = try fixture.lanes.claim(declarationID: id, by: officers[index], at: .now())
                    return claim.alreadyHeld ? "again" : "won"
                } catch {
                    if case LaneStoreError.claimedByAnother = error { return "refused" }
                    return "error: \(error)"
                }
            }
            #expect(outcomes.filter { $0 == "won" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "refused" }.count == 7, "\(outcomes)")
        }
    }

    @Test func aRefusedRulesetLeavesTheOneInForceAndOldVersionsStayReplayable() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        #expect(throws: LaneStoreError.self) { try fixture.registry.install(Array("{}".utf8), actor: "test", source: "test") }
        #expect(fixture.registry.current?.version == "test.1")
        try fixture.registry.install(try Fixture.rules(version: "test.2"), actor: "test", source: "test")
        #expect(fixture.registry.current?.version == "test.2")
        // A new registry (a restarted daemon) still finds test.1 in PostgreSQL.
        let fresh = RulesetRegistry(pool: fixture.pool)
        #expect(try fresh.ruleset(version: "test.1").version == "test.1")
        #expect(throws: LaneStoreError.self) { try fresh.ruleset(version: "never.loaded") }
        // Reinstalling the same bytes is a reload, not a conflict.
        try fixture.registry.install(try Fixture.rules(version: "test.2"), actor: "test", source: "test")
    }

    @Test func theAuditChainStaysIntactWithManyConcurrentWriters() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let officers = try (0..<4).map { try fixture.officer("Officer \($0)") }
        let ids = try (0..<8).map { _ in try fixture.submit() }
        // Submissions through the group commit and officers' claims and results, all at once.
        let results = concurrentlyRun(16) { index -> Bool in
            do {
                if index < 8 {
                    for _ in 0..<5 { _ = try fixture.submit() }
                } else {
                    let id = ids[index - 8], officer = officers[index % 4]
                    _ = try fixture.lanes.claim(declarationID: id, by: officer, at: .now())
                    _ = try fixture.lanes.recordInspection(declarationID: id, by: officer, kind: .customs, result: .documentsOK, findings: "", at: .now())
                }
                return true
            } catch {
                return false
            }
        }
        #expect(results.allSatisfy { $0 })
        let entries = try fixture.pool.query("SELECT count(*) AS n FROM audit_log")[0].decode(Int64.self, column: "n")
        // 1 ruleset + 4 officers + 8 + 40 submissions + 8 claims + 8 results.
        #expect(entries == 69)
        #expect(try AuditTrail.verify(pool: fixture.pool, pageSize: 7) == .intact(entries: 69))
    }
}

/// Runs `body(i)` on `count` threads at once; results in order.
func concurrentlyRun<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let lock = NSLock()
    nonisolated(unsafe) var storage = [T?](repeating: nil, count: count)
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            let value = body(index)
            lock.withLock { storage[index] = value }
            group.leave()
        }.start()
    }
    group.wait()
    return lock.withLock { storage.map { $0! } }
}
