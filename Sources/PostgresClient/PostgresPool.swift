import Foundation
import Logging

/// A fixed number of connections shared by the daemon's worker threads.
///
/// Connections are opened lazily up to `size`. A caller that finds none free waits up to
/// `acquireTimeout`, then gets `.poolTimeout`. Before a connection is handed out it is checked
/// without a round trip (`isUsable`); a broken one is replaced, so the first query after a
/// PostgreSQL restart or a terminated backend runs on a fresh connection.
public final class PostgresPool: @unchecked Sendable {
    public let url: String
    public let size: Int
    public let acquireTimeout: Duration
    private let logger: Logger

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiting = 0
    private var closed = false

    public init(url: String, size: Int, acquireTimeout: Duration = .seconds(5), logger: Logger = Logger(label: "smartgate.postgres")) {
        precondition(size > 0, "a pool needs at least one connection")
        self.url = url
        self.size = size
        self.acquireTimeout = acquireTimeout
        self.logger = logger
    }

    deinit { close() }

    /// Lends a connection to `body`, then takes it back. A transaction left open by `body` is
    /// rolled back; a connection that broke is dropped.
    public func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try acquire()
        defer { release(connection) }
        return try body(connection)
    }

    /// A transaction on a pooled connection. With `retries` > 0 the whole body runs again after
    /// a serialization failure or deadlock, as PostgreSQL advises for SERIALIZABLE work.
    @discardableResult
    public func transaction<T>(
        isolation: PostgresConnection.IsolationLevel = .readCommitted,
        retries: Int = 0,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        var attempt = 0
        while true {
            do {
                return try withConnection { try $0.transaction(isolation: isolation, body) }
            } catch let error as PostgresError where (error.isSerializationFailure || error.isDeadlock) && attempt < retries {
                attempt += 1
                logger.debug("retrying transaction", metadata: ["attempt": "\(attempt)", "sqlstate": "\(error.sqlState ?? "")"])
            }
        }
    }

    /// Convenience for one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        try withConnection { try $0.query(query) }
    }

    /// `PostgresConnection.queryPrepared` on a pooled connection: for the look-ups every request
    /// makes, whose parse and plan cost the server several times their execution.
    public func queryPrepared(_ query: PostgresQuery, name: String) throws -> PostgresRows {
        try withConnection { try $0.queryPrepared(query, name: name) }
    }

    public struct Statistics: Sendable, Equatable {
        public var open: Int
        public var idle: Int
        public var waiting: Int
    }

    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return Statistics(open: open, idle: idle.count, waiting: waiting)
    }

    /// Closes idle connections and refuses new checkouts; borrowed ones close on return.
    public func close() {
        condition.lock()
        closed = true
        let toClose = idle
        idle.removeAll()
        open -= toClose.count
        condition.broadcast()
        condition.unlock()
        for connection in toClose { connection.close() }
    }

    // MARK: Checkout

    private enum Slot {
        case reuse(PostgresConnection)
        case openNew
    }

    private func acquire() throws -> PostgresConnection {
        let deadline = Date().addingTimeInterval(acquireTimeout.timeInterval)
        while true {
            let slot = try reserveSlot(deadline: deadline)
            switch slot {
            case .reuse(let connection):
                if connection.isUsable { return connection }
                logger.info("replacing a broken PostgreSQL connection", metadata: ["pid": "\(connection.backendPID)"])
                connection.close()
                fallthrough
            case .openNew:
                do {
                    return try PostgresConnection(url: url)
                } catch {
                    giveBackSlot()
                    throw error
                }
            }
        }
    }

    private func reserveSlot(deadline: Date) throws -> Slot {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if closed { throw PostgresError(kind: .poolClosed, message: "the connection pool is closed") }
            if let connection = idle.popLast() { return .reuse(connection) }
            if open < size {
                open += 1
                return .openNew
            }
            waiting += 1
            let signalled = condition.wait(until: deadline)
            waiting -= 1
            if !signalled && idle.isEmpty && open >= size {
                throw PostgresError(
                    kind: .poolTimeout,
                    message: "no database connection became free within \(acquireTimeout) (pool size \(size), all in use)"
                )
            }
        }
    }

    private func giveBackSlot() {
        condition.lock()
        open -= 1
        condition.signal()
        condition.unlock()
    }

    private func release(_ connection: PostgresConnection) {
        if connection.isInTransaction { connection.rollbackQuietly() }
        let keep = connection.isUsable && !connection.isInTransaction
        condition.lock()
        if keep && !closed {
            idle.append(connection)
        } else {
            open -= 1
        }
        condition.signal()
        condition.unlock()
        if !keep || closed { connection.close() }
    }
}

extension Duration {
    /// In seconds, for `Date`-based waits (`NSCondition.wait(until:)`).
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
