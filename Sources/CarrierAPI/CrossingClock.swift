import Customs
import DeclarationStore
import Foundation

/// The time at the crossing, read once per request at the edge and passed into the pure domain.
/// "Today" is the date in Asia/Ho_Chi_Minh (Docs/validation.md): Vietnam's date is never later
/// than China's, so a Chinese carrier is never told that its today is in the past.
public struct CrossingClock: Sendable {
    public let now: @Sendable () -> Timestamp

    public init(now: @escaping @Sendable () -> Timestamp = { Timestamp.now() }) {
        self.now = now
    }

    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh")

    /// The calendar date in Vietnam at `instant` (UTC+7 if the zone database is missing; Vietnam
    /// has kept UTC+7 without daylight saving since 1975).
    public static func vietnameseDate(at instant: Timestamp) -> CalendarDate {
        let seconds = instant.microseconds / 1_000_000
        let offset = zone?.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) ?? 7 * 3600
        let local = seconds + Int64(offset)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return CalendarDate(daysSinceEpoch: Int(days))!
    }
}
