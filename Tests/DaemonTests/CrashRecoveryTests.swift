import Foundation
import Testing
import TestSupport

/// SIGKILL during a burst of submissions: nothing acknowledged is lost or doubled, nothing
/// half-written is left behind.
@Suite struct CrashRecoveryTests {
    struct Acknowledged: Sendable {
        let key: String
        let id: String
        let variant: Int
    }

    @Test func everyAcknowledgedDeclarationSurvivesSIGKILLExactlyOnceAndNothingIsHalfWritten() throws {
        let bed = try CarrierTestBed()
        defer { bed.close() }
        let acknowledged = Collected<[Acknowledged]>(8)
        let counter = Counter()
        let group = DispatchGroup()
        for thread in 0..<8 {
            group.enter()
            Thread {
                var mine: [Acknowledged] = []
                for index in 0..<10_000 {
                    let key = "burst-\(thread)-\(index)"
                    let variant = thread * 10_000 + index
                    guard let response = try? bed.post(body: DeclarationBody.valid(variant: variant), idempotencyKey: key) else { break }
                    if response.status == 201, let id = response.id {
                        mine.append(Acknowledged(key: key, id: id, variant: variant))
                        counter.increment()
                    }
                }
                acknowledged.set(thread, mine)
                group.leave()
            }.start()
        }
        // Kill mid-burst, once a good number of answers came back (bounded, should the daemon fail).
        for _ in 0..<6000 where counter.value < 100 { Thread.sleep(forTimeInterval: 0.005) }
        bed.daemon.stop(signal: SIGKILL)
        group.wait()
        let acks = acknowledged.values.joined()
        #expect(acks.count >= 100)

        try bed.restart()
        // Every acknowledged declaration is stored once, under its key and id.
        let connection = try bed.db.connect()
        defer { connection.close() }
        var stored: [String: String] = [:]
        for row in try connection.query("SELECT key, declaration_id::text AS id FROM idempotency_keys") {
            stored[try row.decode(String.self, column: "key")] = try row.decode(String.self, column: "id")
        }
        for ack in acks {
            #expect(stored[ack.key] == ack.id, "acknowledged \(ack.key) → \(ack.id)")
        }
        let declarations = try connection.query("SELECT count(*) AS n, count(DISTINCT id) AS d FROM declarations")[0]
        #expect(try declarations.decode(Int.self, column: "n") == stored.count)
        #expect(try declarations.decode(Int.self, column: "d") == stored.count)
        // Nothing half-written: each declaration has its version row and all its goods lines.
        let incomplete = try connection.query("""
            SELECT count(*) AS n FROM declarations d
             WHERE NOT EXISTS (SELECT 1 FROM declaration_versions v WHERE v.declaration_id = d.id AND v.version = d.version)
                OR (SELECT count(*) FROM declaration_goods g WHERE g.declaration_id = d.id AND g.version = d.version)
                   <> jsonb_array_length(d.document -> 'goods')
            """)[0].decode(Int.self, column: "n")
        #expect(incomplete == 0)
        // A client retrying an acknowledged request after the restart gets the same declaration.
        for ack in acks.prefix(5) {
            let replay = try bed.post(body: DeclarationBody.valid(variant: ack.variant), idempotencyKey: ack.key)
            #expect(replay.status == 201)
            #expect(replay.id == ack.id)
        }
        #expect(try bed.count("SELECT count(*) AS n FROM declarations") == stored.count)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
