import Foundation

/// A Swift value that can be sent as a statement parameter.
public protocol PostgresEncodable: Sendable {
    static var postgresType: PostgresOID { get }
    static var postgresFormat: PostgresFormat { get }
    /// The value in `postgresFormat`; text values carry no terminating NUL.
    var postgresBytes: [UInt8] { get }
}

extension PostgresEncodable {
    public static var postgresType: PostgresOID { .unspecified }
    public static var postgresFormat: PostgresFormat { .text }
}

extension String: PostgresEncodable {
    public var postgresBytes: [UInt8] { Array(utf8) }
}

extension Substring: PostgresEncodable {
    public var postgresBytes: [UInt8] { Array(utf8) }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresOID { .int8 }
    public var postgresBytes: [UInt8] { Array(String(self).utf8) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresOID { .int8 }
    public var postgresBytes: [UInt8] { Array(String(self).utf8) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresOID { .int4 }
    public var postgresBytes: [UInt8] { Array(String(self).utf8) }
}

extension Int16: PostgresEncodable {
    public static var postgresType: PostgresOID { .int2 }
    public var postgresBytes: [UInt8] { Array(String(self).utf8) }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresOID { .bool }
    public var postgresBytes: [UInt8] { self ? [UInt8(ascii: "t")] : [UInt8(ascii: "f")] }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresOID { .float8 }
    // Swift's description is the shortest string that round-trips; PostgreSQL spells the specials.
    public var postgresBytes: [UInt8] {
        if isNaN { return Array("NaN".utf8) }
        if isInfinite { return Array((self < 0 ? "-Infinity" : "Infinity").utf8) }
        return Array(description.utf8)
    }
}

extension Decimal: PostgresEncodable {
    public static var postgresType: PostgresOID { .numeric }
    public var postgresBytes: [UInt8] { Array(description.utf8) }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresOID { .uuid }
    public var postgresBytes: [UInt8] { Array(lowercasedString.utf8) }
}

extension Date: PostgresEncodable {
    public static var postgresType: PostgresOID { .timestamptz }
    public var postgresBytes: [UInt8] { Array(PostgresTimestamp.format(self).utf8) }
}

extension Array: PostgresEncodable where Element == UInt8 {
    public static var postgresType: PostgresOID { .bytea }
    /// Binary format: bytea needs no escaping at all that way.
    public static var postgresFormat: PostgresFormat { .binary }
    public var postgresBytes: [UInt8] { self }
}

extension Data: PostgresEncodable {
    public static var postgresType: PostgresOID { .bytea }
    public static var postgresFormat: PostgresFormat { .binary }
    public var postgresBytes: [UInt8] { Array(self) }
}
