/// A statement and its parameters. Interpolated values never become SQL text: each one turns
/// into a `$n` placeholder and travels separately, so an injection string stays data.
///
///     let rows = try connection.query("SELECT name FROM carriers WHERE id = \(id)")
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var binds: PostgresBindings

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = PostgresBindings()
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// For statements whose text is a constant chosen by the caller and whose values are bound.
    public init(sql: StaticString, binds: PostgresBindings) {
        self.sql = sql.description
        self.binds = binds
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds = PostgresBindings()

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value)
            sql += "$\(binds.count)"
        }

        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            binds.append(value)
            sql += "$\(binds.count)"
        }

        /// Splices a fixed piece of SQL (a column list shared by several statements). Only a
        /// `StaticString`, a literal in the source, is accepted, so no value can ever reach SQL text.
        public mutating func appendInterpolation(sql fragment: StaticString) {
            sql += fragment.description
        }
    }
}

/// Parameter values already encoded to PostgreSQL's wire formats.
public struct PostgresBindings: Sendable {
    struct Value: Sendable {
        var bytes: [UInt8]?   // nil means SQL NULL
        var format: PostgresFormat
        var type: PostgresOID
    }

    var values: [Value] = []

    public init() {}

    public var count: Int { values.count }

    public mutating func append(_ value: some PostgresEncodable) {
        values.append(Value(bytes: value.postgresBytes, format: type(of: value).postgresFormat, type: type(of: value).postgresType))
    }

    public mutating func append<T: PostgresEncodable>(_ value: T?) {
        if let value {
            append(value)
        } else {
            values.append(Value(bytes: nil, format: T.postgresFormat, type: T.postgresType))
        }
    }
}

public enum PostgresFormat: Int32, Sendable {
    case text = 0
    case binary = 1
}

/// PostgreSQL type OIDs this client knows by name (pg_type.dat).
public struct PostgresOID: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Let the server infer the type from context, so a string can fill a uuid or jsonb column.
    public static let unspecified = PostgresOID(rawValue: 0)
    public static let bool = PostgresOID(rawValue: 16)
    public static let bytea = PostgresOID(rawValue: 17)
    public static let name = PostgresOID(rawValue: 19)
    public static let int8 = PostgresOID(rawValue: 20)
    public static let int2 = PostgresOID(rawValue: 21)
    public static let int4 = PostgresOID(rawValue: 23)
    public static let text = PostgresOID(rawValue: 25)
    public static let oid = PostgresOID(rawValue: 26)
    public static let json = PostgresOID(rawValue: 114)
    public static let float4 = PostgresOID(rawValue: 700)
    public static let float8 = PostgresOID(rawValue: 701)
    public static let bpchar = PostgresOID(rawValue: 1042)
    public static let varchar = PostgresOID(rawValue: 1043)
    public static let date = PostgresOID(rawValue: 1082)
    public static let timestamp = PostgresOID(rawValue: 1114)
    public static let timestamptz = PostgresOID(rawValue: 1184)
    public static let numeric = PostgresOID(rawValue: 1700)
    public static let uuid = PostgresOID(rawValue: 2950)
    public static let jsonb = PostgresOID(rawValue: 3802)
}
