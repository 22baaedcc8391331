import CLibPQ
import Glibc
import Logging

/// One libpq connection. Not thread-safe: one thread uses it at a time (the pool hands it out
/// exclusively), which is why it is `@unchecked Sendable` — ownership moves, it is never shared.
///
/// Statements go through the extended protocol with parameters (`PQexecParams`); results come
/// back in text format and are decoded on demand. Every session runs with UTC, ISO dates and hex
/// bytea so decoding never depends on server defaults.
public final class PostgresConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    public let url: String
    /// Names of the statements prepared on this session (`queryPrepared`).
    private var prepared: Set<String> = []

    /// Session settings every connection gets, so decoding is independent of server defaults.
    private static let sessionSetup =
        "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET bytea_output TO 'hex'; SET extra_float_digits TO 3; SET client_encoding TO 'UTF8'"

    /// Opens a connection from a URL (`postgresql://user@host:port/db?sslmode=...`) or a
    /// libpq keyword string.
    public init(url: String) throws {
        self.url = url
        // Defaults first: settings in the URL override them (libpq's expand_dbname order).
        // Without a connect timeout libpq waits forever on an unreachable host, which would
        // hang a request or a readiness probe instead of failing it.
        let keywords = ["connect_timeout", "application_name", "dbname"]
        let values = ["5", "smartgate", url]
        let connection = keywords.withCStrings { keywordPointers in
            values.withCStrings { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)).trimmingTrailingNewlines() } ?? "out of memory"
            PQfinish(connection)
            throw PostgresError(kind: .connectionFailed, message: message)
        }
        self.handle = connection
        // libpq prints notices to stderr by default; send them to the log instead.
        PQsetNoticeProcessor(connection, { _, message in
            guard let message else { return }
            Logger(label: "smartgate.postgres").notice("\(String(cString: message).trimmingTrailingNewlines())")
        }, nil)
        try simpleQuery(Self.sessionSetup)
    }

    deinit { PQfinish(handle) }

    /// The backend's process id (for pg_terminate_backend, logs).
    public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// Whether the connection is still usable, without a round trip. An idle session should
    /// receive nothing; when the server terminates a backend (pg_terminate_backend, a restart,
    /// a crash) it sends a FATAL error and closes the socket, so anything readable while idle
    /// means the session is ending or in an unknown state. Such a connection is replaced: the
    /// rare harmless message (a ParameterStatus after a config reload) only costs a reconnect.
    public var isUsable: Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        var fds = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&fds, 1, 0) == 0
    }

    /// Whether a transaction block is open (or failed and not yet rolled back).
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    public func close() {
        PQfinish(handle)
        handle = nil
        prepared.removeAll()
    }

    // MARK: Notifications (LISTEN/NOTIFY)

    /// Waits up to `timeout` for notifications on the channels this session LISTENs to and
    /// returns those that arrived (none on timeout). Throws when the connection broke.
    public func notifications(waitingUpTo timeout: Duration) throws -> [PostgresNotification] {
        let handle = try liveHandle()
        var received = drainNotifications(handle)
        if !received.isEmpty { return received }
        var fds = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&fds, 1, milliseconds)
        if ready < 0 && errno != EINTR {
            throw PostgresError(kind: .connectionLost, message: "poll on the listening connection failed: errno \(errno)")
        }
        guard ready > 0 else { return [] }
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(kind: .connectionLost, message: lastMessage(handle))
        }
        received = drainNotifications(handle)
        return received
    }

    private func drainNotifications(_ handle: OpaquePointer) -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            received.append(PostgresNotification(channel: String(cString: notify.pointee.relname),
                                                 payload: String(cString: notify.pointee.extra)))
            PQfreemem(notify)
        }
        return received
    }

    // MARK: Statements

    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        let handle = try liveHandle()
        try query.binds.validate()
        let result = query.binds.withLibpqArguments { count, types, values, lengths, formats in
            PQexecParams(handle, query.sql, count, types, values, lengths, formats, PostgresFormat.text.rawValue)
        }
        return try check(result)
    }

    /// Runs a statement the server keeps parsed: prepared under `name` the first time on this
    /// session (`PQprepare`), then only executed with new parameters (`PQexecPrepared`). For a
    /// statement run again and again on one long-lived connection, such as the group commit's,
    /// whose parse and plan otherwise cost more than a small batch's execution.
    @discardableResult
    public func queryPrepared(_ query: PostgresQuery, name: String) throws -> PostgresRows {
        let handle = try liveHandle()
        try query.binds.validate()
        if !prepared.contains(name) {
            let result = query.binds.withLibpqArguments { count, types, _, _, _ in
                PQprepare(handle, name, query.sql, count, types)
            }
            _ = try check(result)
            prepared.insert(name)
        }
        let result = query.binds.withLibpqArguments { count, _, values, lengths, formats in
            PQexecPrepared(handle, name, count, values, lengths, formats, PostgresFormat.text.rawValue)
        }
        return try check(result)
    }

    /// Runs one parameterised statement and returns how many rows it changed.
    @discardableResult
    public func execute(_ statement: PostgresQuery) throws -> Int {
        try query(statement).affectedRows
    }

    /// Runs a script of several statements with no parameters through the simple query protocol.
    /// For migration files and fixed session commands only: never build the script from values.
    public func simpleQuery(_ script: String) throws {
        let handle = try liveHandle()
        guard PQsendQuery(handle, script) == 1 else {
            throw PostgresError.from(result: nil, connection: handle)
        }
        var firstError: PostgresError?
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            if firstError == nil, status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK, status != PGRES_EMPTY_QUERY {
                firstError = PostgresError.from(result: result, connection: handle)
            }
            PQclear(result)
        }
        if let firstError { throw firstError }
        if PQstatus(handle) == CONNECTION_BAD {
            throw PostgresError.from(result: nil, connection: handle)
        }
    }

    /// Sends several statements at once in libpq's pipeline mode and reads all results: one
    /// network round trip instead of one per statement. They run in order as one implicit
    /// transaction (PostgreSQL commits at the batch's sync point): when one fails, the server
    /// skips the rest, the whole batch is rolled back and the first error is thrown. Meant for
    /// batches of modest size (the
    /// connection is in blocking mode, so a huge batch could fill both socket buffers).
    public func pipeline(_ queries: [PostgresQuery]) throws -> [PostgresRows] {
        let handle = try liveHandle()
        guard !queries.isEmpty else { return [] }
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError(kind: .unexpectedResult, message: "could not enter pipeline mode: \(lastMessage(handle))")
        }
        defer { _ = PQexitPipelineMode(handle) }
        for query in queries { try query.binds.validate() }
        for query in queries {
            let sent = query.binds.withLibpqArguments { count, types, values, lengths, formats in
                PQsendQueryParams(handle, query.sql, count, types, values, lengths, formats, PostgresFormat.text.rawValue)
            }
            guard sent == 1 else { throw PostgresError.from(result: nil, connection: handle) }
        }
        guard PQpipelineSync(handle) == 1 else { throw PostgresError.from(result: nil, connection: handle) }

        var rows: [PostgresRows] = []
        var firstError: PostgresError?
        // Each query yields its result then a NULL; the sync yields PGRES_PIPELINE_SYNC.
        while true {
            guard let result = PQgetResult(handle) else {
                if PQstatus(handle) == CONNECTION_BAD {
                    throw PostgresError.from(result: nil, connection: handle)
                }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                break
            }
            if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK {
                rows.append(PostgresRows(result: result))
            } else {
                if firstError == nil, status != PGRES_PIPELINE_ABORTED {
                    firstError = PostgresError.from(result: result, connection: handle)
                }
                PQclear(result)
            }
        }
        if let firstError { throw firstError }
        return rows
    }

    // MARK: Transactions

    public enum IsolationLevel: Sendable {
        case readCommitted, repeatableRead, serializable

        var begin: String {
            switch self {
            case .readCommitted: return "BEGIN ISOLATION LEVEL READ COMMITTED"
            case .repeatableRead: return "BEGIN ISOLATION LEVEL REPEATABLE READ"
            case .serializable: return "BEGIN ISOLATION LEVEL SERIALIZABLE"
            }
        }
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws (and
    /// rethrows). A failed COMMIT (e.g. a deferred constraint or serialization failure) throws.
    @discardableResult
    public func transaction<T>(
        isolation: IsolationLevel = .readCommitted,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        try simpleQuery(isolation.begin)
        let value: T
        do {
            value = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        do {
            try simpleQuery("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        return value
    }

    /// Best effort: when the connection is already lost there is nothing to roll back.
    func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK, isInTransaction else { return }
        try? simpleQuery("ROLLBACK")
    }

    // MARK: Helpers

    private func liveHandle() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .connectionLost, message: "the connection was closed")
        }
        return handle
    }

    private func check(_ result: OpaquePointer?) throws -> PostgresRows {
        guard let result else {
            throw PostgresError.from(result: nil, connection: handle)
        }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result: result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            let error = PostgresError.from(result: result, connection: handle)
            PQclear(result)
            throw error
        default:
            let status = String(cString: PQresStatus(PQresultStatus(result)))
            PQclear(result)
            throw PostgresError(kind: .unexpectedResult, message: "unexpected result status \(status)")
        }
    }

    private func lastMessage(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines()
    }
}

extension PostgresBindings {
    /// libpq reads text parameters as C strings, so a NUL would silently cut the value short.
    func validate() throws {
        for (index, value) in values.enumerated() where value.format == .text {
            // memchr: a group commit's batch is one parameter of 100 KB or so, checked on the
            // committer's thread while PostgreSQL waits for it (a byte loop was 1.5% of the daemon).
            if let bytes = value.bytes, bytes.withUnsafeBytes({ $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }) {
                throw PostgresError(kind: .invalidParameter, message: "parameter $\(index + 1) contains a NUL byte, which PostgreSQL text cannot hold")
            }
        }
    }

    /// Lays the parameters out as libpq's parallel C arrays for the duration of `body`.
    func withLibpqArguments<R>(
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        if values.isEmpty {
            return body(0, nil, nil, nil, nil)
        }
        // One contiguous buffer with a NUL after each value (text parameters are C strings).
        var storage = [UInt8]()
        var offsets = [Int?]()
        storage.reserveCapacity(values.reduce(0) { $0 + ($1.bytes?.count ?? 0) + 1 })
        for value in values {
            if let bytes = value.bytes {
                offsets.append(storage.count)
                storage.append(contentsOf: bytes)
                storage.append(0)
            } else {
                offsets.append(nil)
            }
        }
        let types = values.map { Oid($0.type.rawValue) }
        let lengths = values.map { Int32($0.bytes?.count ?? 0) }
        let formats = values.map { $0.format.rawValue }
        return storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { $0.map { base + $0 } }
            return body(Int32(values.count), types, pointers, lengths, formats)
        }
    }
}

extension Array where Element == String {
    /// A NULL-terminated C array of C strings, valid for the duration of `body`.
    func withCStrings<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
