import Foundation

/// A Swift type a column can be decoded into. Results arrive in PostgreSQL's text format;
/// `bytes` is the column's text without a terminator, `type` the column's type OID.
public protocol PostgresDecodable {
    static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Self?
}

extension String: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> String? {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension FixedWidthInteger where Self: PostgresDecodable {
    static func decodeInteger(_ bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Self? {
        switch type {
        case .int2, .int4, .int8, .oid, .numeric, .text, .varchar, .unspecified:
            return Self(String(decoding: bytes, as: UTF8.self))
        default:
            return nil
        }
    }
}

extension Int: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Int? {
        decodeInteger(bytes, type: type)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Int64? {
        decodeInteger(bytes, type: type)
    }
}

extension Int32: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Int32? {
        decodeInteger(bytes, type: type)
    }
}

extension Int16: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Int16? {
        decodeInteger(bytes, type: type)
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Bool? {
        guard type == .bool, bytes.count == 1 else { return nil }
        switch bytes[0] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
}

extension Decimal: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Decimal? {
        // Decimal(string:) reads a prefix; insist the whole text is a plain number.
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B }) else {
            return nil
        }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}

extension UUID: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> UUID? {
        parseCanonical(bytes) ?? UUID(uuidString: String(decoding: bytes, as: UTF8.self))
    }
}

extension Date: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Date? {
        guard type == .timestamptz || type == .timestamp else { return nil }
        return PostgresTimestamp.parse(bytes)
    }
}

extension PostgresDate: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> PostgresDate? {
        guard type == .date || type == .text || type == .unspecified else { return nil }
        return PostgresDate(String(decoding: bytes, as: UTF8.self))
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// bytea in hex output (`\x4142`), which every session of this client selects.
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> [UInt8]? {
        guard type == .bytea, bytes.count >= 2, bytes.count % 2 == 0,
              bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x")
        else { return nil }
        var out = [UInt8]()
        out.reserveCapacity((bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Data: PostgresDecodable {
    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> Data? {
        [UInt8].decode(postgres: bytes, type: type).map { Data($0) }
    }
}

/// A json or jsonb column kept as its text, to hand to a JSONDecoder or straight to an HTTP body.
public struct PostgresJSON: Hashable, Sendable, PostgresEncodable, PostgresDecodable {
    /// The UTF-8 text, as sent and received: a parameter built as bytes is never copied into a
    /// String and back (the group commit's batch is tens of kilobytes).
    public var bytes: [UInt8]

    public var text: String {
        get { String(decoding: bytes, as: UTF8.self) }
        set { bytes = Array(newValue.utf8) }
    }

    public init(text: String) { self.bytes = Array(text.utf8) }

    /// `bytes` must be JSON text in UTF-8; PostgreSQL checks it when the statement runs.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(encoding value: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws {
        self.bytes = Array(try encoder.encode(value))
    }

    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(T.self, from: Data(bytes))
    }

    public static var postgresType: PostgresOID { .jsonb }
    public var postgresBytes: [UInt8] { bytes }

    public static func decode(postgres bytes: UnsafeBufferPointer<UInt8>, type: PostgresOID) -> PostgresJSON? {
        guard type == .json || type == .jsonb || type == .text else { return nil }
        return PostgresJSON(bytes: Array(bytes))
    }
}
