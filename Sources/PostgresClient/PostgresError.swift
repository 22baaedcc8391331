import CLibPQ

/// Everything that can go wrong talking to PostgreSQL, with what a caller needs to react:
/// the SQLSTATE, the server's message and the fields PostgreSQL names (constraint, table, column).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// Could not open a connection (server down, wrong URL, authentication).
        case connectionFailed
        /// An open connection broke (backend terminated, server restarted, network).
        case connectionLost
        /// The server refused the statement; `sqlState` tells why.
        case server
        /// A column could not be decoded into the requested Swift type.
        case decoding
        /// No pooled connection became free within the pool's wait timeout.
        case poolTimeout
        /// The pool was closed.
        case poolClosed
        /// A parameter cannot be sent as given (a NUL byte inside a text value).
        case invalidParameter
        /// libpq returned something this client does not expect (a bug, or misuse such as COPY).
        case unexpectedResult
    }

    public var kind: Kind
    /// Five-character SQLSTATE, e.g. "23505" for a unique violation.
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?

    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    public var isCheckViolation: Bool { sqlState == "23514" }
    /// Retrying the whole transaction is the documented remedy for these two.
    public var isSerializationFailure: Bool { sqlState == "40001" }
    public var isDeadlock: Bool { sqlState == "40P01" }
    public var isConnectionLost: Bool { kind == .connectionLost }

    public var description: String {
        var text = "PostgreSQL \(kind)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail { text += " (detail: \(detail))" }
        if let constraint { text += " (constraint: \(constraint))" }
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}

extension PostgresError {
    /// Builds the error from a failed result, deciding whether the connection itself is gone.
    static func from(result: OpaquePointer?, connection: OpaquePointer?) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(Int32(UInt8(ascii: "C")))  // PG_DIAG_SQLSTATE
        var message = field(Int32(UInt8(ascii: "M")))    // PG_DIAG_MESSAGE_PRIMARY
        if message == nil {
            message = connection.flatMap { PQerrorMessage($0) }.map { String(cString: $0) }?
                .trimmingTrailingNewlines()
        }
        let lost = connection.map { PQstatus($0) == CONNECTION_BAD } ?? true
            || (sqlState?.hasPrefix("08") ?? false)
        return PostgresError(
            kind: lost ? .connectionLost : .server,
            sqlState: sqlState,
            message: message ?? "unknown error",
            detail: field(Int32(UInt8(ascii: "D"))),
            hint: field(Int32(UInt8(ascii: "H"))),
            constraint: field(Int32(UInt8(ascii: "n"))),
            table: field(Int32(UInt8(ascii: "t"))),
            column: field(Int32(UInt8(ascii: "c")))
        )
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var copy = self
        while let last = copy.last, last.isNewline { copy.removeLast() }
        return copy
    }
}
