import Foundation

/// Text forms of `timestamptz` as this client's sessions produce them (DateStyle ISO, TimeZone UTC):
/// `2026-11-24 10:51:54.123456+00`. Parsing also accepts other offsets (`+07`, `+05:30`).
enum PostgresTimestamp {
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var days = Int(micros / 86_400_000_000)
        var rest = micros % 86_400_000_000
        if rest < 0 { rest += 86_400_000_000; days -= 1 }
        let (y, m, d) = CivilCalendar.civil(days: days)
        let seconds = Int(rest / 1_000_000)
        let fraction = Int(rest % 1_000_000)
        return CivilCalendar.pad(y, 4) + "-" + CivilCalendar.pad(m, 2) + "-" + CivilCalendar.pad(d, 2)
            + "T" + CivilCalendar.pad(seconds / 3600, 2) + ":" + CivilCalendar.pad(seconds / 60 % 60, 2)
            + ":" + CivilCalendar.pad(seconds % 60, 2) + "." + CivilCalendar.pad(fraction, 6) + "Z"
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        let b = Array(bytes)
        // YYYY-MM-DD HH:MM:SS
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = CivilCalendar.digits(b[0..<4]), let month = CivilCalendar.digits(b[5..<7]),
              let day = CivilCalendar.digits(b[8..<10]), let hour = CivilCalendar.digits(b[11..<13]),
              let minute = CivilCalendar.digits(b[14..<16]), let second = CivilCalendar.digits(b[17..<19])
        else { return nil }
        var index = 19
        var micros = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100_000
            while index < b.count, let digit = CivilCalendar.digits(b[index..<index + 1]) {
                micros += digit * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < b.count {
            let sign = b[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            index += 1
            var parts: [Int] = []
            while index < b.count {
                if b[index] == UInt8(ascii: ":") { index += 1; continue }
                guard index + 2 <= b.count, let part = CivilCalendar.digits(b[index..<index + 2]) else { return nil }
                parts.append(part)
                index += 2
            }
            guard !parts.isEmpty, parts.count <= 3 else { return nil }
            offsetSeconds = parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
            if sign == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
        }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}
