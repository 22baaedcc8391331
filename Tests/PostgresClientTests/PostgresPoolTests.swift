import Foundation
import PostgresClient
import Synchronization
import Testing
import TestSupport

@Suite struct PostgresPoolTests {
    @Test func anExhaustedPoolWaitsThenTimesOutWithAClearError() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let pool = PostgresPool(url: db.url, size: 1, acquireTimeout: .milliseconds(300))
        defer { pool.close() }
        let error = try pool.withConnection { _ in
            let started = ContinuousClock.now
            let error = #expect(throws: PostgresError.self) { try pool.query("SELECT 1") }
            #expect(ContinuousClock.now - started >= .milliseconds(250))
            return error
        }
        #expect(error?.kind == .poolTimeout)
        #expect(error?.message.contains("pool size 1") == true)
        // Once the connection is back, the next caller gets it.
        #expect(try pool.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
    }

    @Test func aWaitingCallerGetsTheConnectionWhenItIsReturned() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let pool = PostgresPool(url: db.url, size: 1, acquireTimeout: .seconds(10))
        defer { pool.close() }
        let finished = Mutex(false)
        let holder = Thread {
            _ = try? pool.withConnection { connection in
                _ = try? connection.query("SELECT pg_sleep(0.3)")
            }
        }
        holder.start()
        Thread.sleep(forTimeInterval: 0.05)
        let value = try pool.withConnection { connection in
            finished.withLock { $0 = true }
            return try connection.query("SELECT 42 AS n")[0].decode(Int.self, column: "n")
        }
        #expect(value == 42)
        #expect(finished.withLock { $0 })
        #expect(pool.statistics.open == 1)
    }

    @Test func aTerminatedBackendIsSurvivedByTheNextQuery() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let pool = PostgresPool(url: db.url, size: 1)
        defer { pool.close() }
        let pid = try pool.query("SELECT pg_backend_pid() AS pid")[0].decode(Int32.self, column: "pid")
        let admin = try db.connect()
        #expect(try admin.query("SELECT pg_terminate_backend(\(pid)) AS done")[0].decode(Bool.self, column: "done"))
        // Wait until the backend has really gone, as it would have after a restart.
        for _ in 0..<100 {
            let alive = try admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = \(pid)")[0].decode(Int.self, column: "n")
            if alive == 0 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let newPID = try pool.query("SELECT pg_backend_pid() AS pid")[0].decode(Int32.self, column: "pid")
        #expect(newPID != pid)
    }

    @Test func aConnectionLostMidQueryIsReportedAsLost() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        let admin = try db.connect()
        let pid = connection.backendPID
        let killer = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            _ = try? admin.query("SELECT pg_terminate_backend(\(pid))")
        }
        killer.start()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT pg_sleep(5)") }
        #expect(error?.isConnectionLost == true)
        #expect(!connection.isUsable)
    }

    @Test func aTransactionLeftOpenIsRolledBackWhenTheConnectionReturns() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let pool = PostgresPool(url: db.url, size: 1)
        defer { pool.close() }
        try pool.query("CREATE TABLE t (n integer)")
        try pool.withConnection { connection in
            try connection.simpleQuery("BEGIN")
            try connection.execute("INSERT INTO t VALUES (\(1))")
        }
        #expect(try pool.query("SELECT count(*) AS n FROM t")[0].decode(Int.self, column: "n") == 0)
    }

    @Test func serializationFailuresAreRetriedWhenAsked() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let pool = PostgresPool(url: db.url, size: 4)
        defer { pool.close() }
        try pool.query("CREATE TABLE counter (n integer)")
        try pool.query("INSERT INTO counter VALUES (0)")
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<10 {
                _ = try? pool.transaction(isolation: .serializable, retries: 50) { tx in
                    let n = try tx.query("SELECT n FROM counter")[0].decode(Int.self, column: "n")
                    try tx.execute("UPDATE counter SET n = \(n + 1)")
                }
            }
        }
        #expect(try pool.query("SELECT n FROM counter")[0].decode(Int.self, column: "n") == 40)
    }
}
