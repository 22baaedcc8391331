import Customs
import DeclarationStore
import Foundation
import Logging
import PostgresClient
import SchemaMigrations
import TestSupport

/// A migrated test database with one carrier, and a store over it.
final class StoreFixture: @unchecked Sendable {
    let db: TestDatabase
    let pool: PostgresPool
    let store: DeclarationStore
    let carrierID: UUID

    init(groupCommit: GroupCommitConfiguration = .init()) throws {
        db = try TestDatabase.create()
        let connection = try db.connect()
        defer { connection.close() }
        let migrations = try Migration.load(directory: Repository.root.appendingPathComponent("Migrations").path)
        _ = try Migrator(migrations: migrations, logger: Logger(label: "test")).migrate(connection: connection)
        carrierID = try connection.query("INSERT INTO carriers (name) VALUES ('Test carrier') RETURNING id")[0].decode(UUID.self, column: "id")
        // Decisions name the ruleset they were made with.
        try connection.query("INSERT INTO rulesets (version, sha256, document, rule_count) VALUES ('test.1', \(Array(repeating: UInt8(1), count: 32)), '{}', 0)")
        pool = PostgresPool(url: db.url, size: 8)
        store = DeclarationStore(pool: pool, groupCommit: groupCommit)
    }

    func close() {
        store.close()
        pool.close()
        db.drop()
    }

    /// A valid normalised document (its dates do not matter to the store).
    static let document: JSONValue = try! JSONParser.parse("""
        {"direction":"export","crossing":"HUU_NGHI","plannedCrossingOn":"2026-11-23",
         "trader":{"taxCode":"4900567896","name":"Công ty TNHH Xuất nhập khẩu Lạng Sơn","country":"VN"},
         "vehicle":{"plate":"12C-123.45","plateCountry":"VN","trailerPlate":"12R-012.34","kind":"tractor_trailer","containers":[]},
         "goods":[{"hsCode":"08109010","description":"Sầu riêng tươi","quantity":18000,"unit":"KGM","grossKg":19500,"netKg":18000,"value":54000,"currency":"USD","origin":"VN"},
                  {"hsCode":"08045020","description":"Xoài","quantity":500,"unit":"KGM","grossKg":520,"netKg":500,"value":700.5,"currency":"USD","origin":"VN"}],
         "quarantine":{"certificates":[]}}
        """)

    /// A decision for the lane, as the engine would store it (yellow: the declaration waits and can be amended).
    static func decision(_ lane: Lane = .yellow) -> LaneDecision {
        LaneDecision(lane: lane, ruleLane: lane, score: 0, firedRules: [],
                     randomSelection: RandomSelection(draw: 0.5, toYellow: 0, toRed: 0, escalatedTo: nil),
                     rulesetVersion: "test.1", seed: 1, decidedAt: UTCTimestamp(millisecondsSince1970: 1_764_000_000_000), trader: .unknown)
    }

    func pending(key: String? = nil, carrierID: UUID? = nil, lane: Lane = .yellow) -> PendingDeclaration {
        let id = UUID()
        return PendingDeclaration(
            id: id, carrierID: carrierID ?? self.carrierID, document: Self.document, createdAt: .now(), decision: Self.decision(lane),
            idempotency: key.map { .init(key: $0, requestSHA256: Array(repeating: 7, count: 32), responseBody: "{\"id\":\"\(id)\"}") })
    }

    func count(_ query: PostgresQuery) throws -> Int {
        try pool.query(query)[0].decode(Int.self, column: "n")
    }
}

/// Runs `body(i)` on `count` threads at once and collects the results in order.
func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let results = ResultsBox<T>(count)
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            results.set(index, body(index))
            group.leave()
        }.start()
    }
    group.wait()
    return results.values
}

final class ResultsBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]
    init(_ count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.withLock { storage[index] = value } }
    var values: [T] { lock.withLock { storage.map { $0! } } }
}
