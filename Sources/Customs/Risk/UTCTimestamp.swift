import Foundation

/// An instant to the millisecond, as rule validity windows and decisions need it. Whole milliseconds
/// because the decision's JSON form writes the time that way: a decision replayed from its stored
/// time must see exactly the instant the original saw, and a `Date` (a Double) would not round-trip
/// through text at finer precision.
public struct UTCTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let millisecondsSince1970: Int64

    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// The nearest millisecond (rounding, not truncating: `Date(timeIntervalSince1970: ms / 1000)`
    /// may land a hair below the millisecond it was made from).
    public init(_ date: Date) {
        millisecondsSince1970 = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSince1970) / 1000) }

    public static func < (lhs: UTCTimestamp, rhs: UTCTimestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    /// RFC 3339 in UTC with milliseconds: `2026-11-22T01:15:00.000Z`.
    public var description: String {
        let (days, msOfDay) = millisecondsSince1970.quotientAndRemainderFlooring(by: 86_400_000)
        let date = CalendarDate(daysSinceEpoch: Int(days))?.description ?? "????-??-??"
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let hours = msOfDay / 3_600_000, minutes = msOfDay / 60_000 % 60, seconds = msOfDay / 1000 % 60, ms = msOfDay % 1000
        return "\(date)T\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(ms, 3))Z"
    }

    /// Parses an RFC 3339 `date-time` with an explicit offset: `2026-12-01T00:00:00+07:00`,
    /// `2026-11-30T17:00:00Z`, with up to three fraction digits. Lowercase `t`/`z`, leap seconds
    /// and the unknown-offset form `-00:00` are refused: a validity window must mean one instant.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, let date = CalendarDate(iso8601: String(decoding: bytes[0..<10], as: UTF8.self)),
              bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hours = Self.digits(bytes, 11, 2), let minutes = Self.digits(bytes, 14, 2), let seconds = Self.digits(bytes, 17, 2),
              hours < 24, minutes < 60, seconds < 60 else { return nil }
        var index = 19
        var milliseconds: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            let count = index - start
            guard (1...3).contains(count), let fraction = Self.digits(bytes, start, count) else { return nil }
            milliseconds = fraction * [100, 10, 1][count - 1]
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes: Int64 = 0
        if bytes[index] == UInt8(ascii: "Z") {
            index += 1
        } else {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), bytes.count == index + 6,
                  bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetHours = Self.digits(bytes, index + 1, 2), let offsetMins = Self.digits(bytes, index + 4, 2),
                  offsetHours < 24, offsetMins < 60 else { return nil }
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            offsetMinutes = sign * (offsetHours * 60 + offsetMins)
            if sign < 0 && offsetMinutes == 0 { return nil }
            index += 6
        }
        guard index == bytes.count else { return nil }
        let localMs = ((Int64(date.daysSinceEpoch) * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000 + milliseconds
        millisecondsSince1970 = localMs - offsetMinutes * 60_000
    }

    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[start..<(start + count)] {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }
}

private extension Int64 {
    /// Division rounding towards minus infinity, so instants before 1970 print correctly.
    func quotientAndRemainderFlooring(by divisor: Int64) -> (Int64, Int64) {
        var (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
