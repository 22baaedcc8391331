import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite struct PostgresListenerTests {
    /// What the listener reported, for the test to wait on.
    final class Events: @unchecked Sendable {
        private let condition = NSCondition()
        private var events: [PostgresListener.Event] = []

        func append(_ event: PostgresListener.Event) {
            condition.lock()
            events.append(event)
            condition.broadcast()
            condition.unlock()
        }

        /// Waits up to 10 s for `predicate` to hold over everything reported so far.
        func wait(until predicate: ([PostgresListener.Event]) -> Bool) -> [PostgresListener.Event] {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date().addingTimeInterval(10)
            while !predicate(events) && condition.wait(until: deadline) {}
            return events
        }
    }

    @Test func notificationsArriveAfterTheirCommitAndALostSessionIsReportedAndReplaced() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let events = Events()
        let listener = PostgresListener(url: db.url, channels: ["smartgate_test_a", "smartgate_test_b"], retryDelay: .milliseconds(50)) {
            events.append($0)
        }
        listener.start()
        defer { listener.stop() }
        #expect(events.wait { $0.contains(.listening) }.first == .listening)

        let connection = try db.connect()
        defer { connection.close() }
        try connection.transaction { tx in
            try tx.query("SELECT pg_notify('smartgate_test_a', 'key-1')")
            try tx.query("SELECT pg_notify('smartgate_test_other', 'unheard')")
            // Not delivered before COMMIT.
            Thread.sleep(forTimeInterval: 0.3)
            #expect(!events.wait { _ in true }.contains { if case .notification = $0 { true } else { false } })
        }
        try connection.query("SELECT pg_notify('smartgate_test_b', '')")
        let heard = events.wait { $0.count >= 3 }
        #expect(heard == [.listening, .notification(.init(channel: "smartgate_test_a", payload: "key-1")),
                          .notification(.init(channel: "smartgate_test_b", payload: ""))])

        // The listening backend is terminated: `.lost`, then `.listening` again on a new session,
        // which hears what is sent after it.
        try connection.query("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
            """)
        let reconnected = events.wait { $0.count >= 5 }
        #expect(Array(reconnected.dropFirst(3).prefix(2)) == [.lost, .listening])
        try connection.query("SELECT pg_notify('smartgate_test_a', 'key-2')")
        #expect(events.wait { $0.count >= 6 }.last == .notification(.init(channel: "smartgate_test_a", payload: "key-2")))
    }
}
