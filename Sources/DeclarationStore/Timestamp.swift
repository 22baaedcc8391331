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
        let date = CalendarDate(daysSinceEpoch: Int(days))?.description ?? "0001-01-01"
        let seconds = Int(rest / 1_000_000)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return date + "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
            + "." + pad(Int(rest % 1_000_000), 6) + "Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }
}
