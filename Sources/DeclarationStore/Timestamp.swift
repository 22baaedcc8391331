import Customs
import Foundation

/// An instant in whole microseconds since 1970 (UTC): PostgreSQL's timestamptz precision, so the
/// value answered to a client is exactly the value stored, with no rounding through Double.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }

    /// RFC 3339 in UTC with six fraction digits: `2026-11-22T03:04:05.123456Z`. PostgreSQL parses
    /// it back exactly and `to_char(…, Timestamp.postgresFormat)` produces the same text.
    public var description: String {
        var days = microseconds / 86_400_000_000
        var rest = microseconds % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        let date = CalendarDate(daysSinceEpoch: Int(days)) ?? CalendarDate(year: 1, month: 1, day: 1)!
        let seconds = Int(rest / 1_000_000)
        // Fixed width, written as bytes (every answer and batch row carries two or three of these).
        return String(unsafeUninitializedCapacity: 27) { buffer in
            date.write(into: buffer, at: 0)
            buffer[10] = UInt8(ascii: "T")
            CalendarDate.writeDigits(seconds / 3600, width: 2, into: buffer, at: 11)
            buffer[13] = UInt8(ascii: ":")
            CalendarDate.writeDigits(seconds / 60 % 60, width: 2, into: buffer, at: 14)
            buffer[16] = UInt8(ascii: ":")
            CalendarDate.writeDigits(seconds % 60, width: 2, into: buffer, at: 17)
            buffer[19] = UInt8(ascii: ".")
            CalendarDate.writeDigits(Int(rest % 1_000_000), width: 6, into: buffer, at: 20)
            buffer[26] = UInt8(ascii: "Z")
            return 27
        }
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }
}
