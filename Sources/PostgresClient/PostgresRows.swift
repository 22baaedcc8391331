import CLibPQ

/// The rows of one statement's result. Owns the libpq result and frees it when released;
/// a finished PGresult is immutable, so reading it from any thread is safe.
public final class PostgresRows: @unchecked Sendable, RandomAccessCollection {
    let result: OpaquePointer
    /// Rows changed by INSERT/UPDATE/DELETE (PQcmdTuples), 0 for other commands.
    public let affectedRows: Int
    public let columnNames: [String]

    init(result: OpaquePointer) {
        self.result = result
        self.affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        self.columnNames = (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
    }

    deinit { PQclear(result) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(PQntuples(result)) }

    public subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, index: Int32(position))
    }

    func columnIndex(_ name: String) -> Int32? {
        columnNames.firstIndex(of: name).map(Int32.init)
    }
}

/// One row; decode columns by name or position into Swift types.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int32

    /// Decodes a column; `Optional` types decode SQL NULL as nil, other types throw on NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type, column name: String) throws -> T {
        guard let column = rows.columnIndex(name) else {
            throw PostgresError(kind: .decoding, message: "no column named \(name) in the result (columns: \(rows.columnNames.joined(separator: ", ")))")
        }
        return try decode(type, at: Int(column))
    }

    public func decode<T: PostgresDecodable>(_ type: T.Type, at column: Int) throws -> T {
        let result = rows.result
        let field = Int32(column)
        guard field >= 0, field < PQnfields(result) else {
            throw PostgresError(kind: .decoding, message: "column \(column) is out of range (the result has \(PQnfields(result)))")
        }
        let name = rows.columnNames[column]
        if PQgetisnull(result, index, field) == 1 {
            if let optional = type as? any OptionalDecodable.Type {
                return optional.nullValue as! T
            }
            throw PostgresError(kind: .decoding, message: "column \(name) is NULL; decode it as \(T.self)? instead", column: name)
        }
        let oid = PostgresOID(rawValue: PQftype(result, field))
        let length = Int(PQgetlength(result, index, field))
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(PQgetvalue(result, index, field))?.assumingMemoryBound(to: UInt8.self), count: length)
        guard let value = T.decode(postgres: bytes, type: oid) else {
            let preview = String(decoding: bytes.prefix(40), as: UTF8.self)
            throw PostgresError(kind: .decoding, message: "column \(name) (type oid \(oid.rawValue)) cannot be decoded as \(T.self): \(preview)", column: name)
        }
        return value
    }

    /// Whether a column is SQL NULL.
    public func isNull(column name: String) -> Bool {
        guard let column = rows.columnIndex(name) else { return true }
        return PQgetisnull(rows.result, index, column) == 1
    }
}

/// Lets `Optional<T>` decode NULL as nil without a second decode entry point.
protocol OptionalDecodable {
    static var nullValue: Self { get }
}

extension Optional: OptionalDecodable where Wrapped: PostgresDecodable {
    static var nullValue: Optional<Wrapped> { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Wrapped?? {
        Wrapped.decode(postgres: bytes, type: type).map { .some($0) }
    }
}
