import Customs
import Foundation

/// The date at the crossing. Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset
/// is exact and needs no time-zone database on the machine running the simulator.
enum VietnamDate {
    static func today(_ now: Date = Date()) -> CalendarDate {
        let days = Int((now.timeIntervalSince1970 + 7 * 3600) / 86_400)
        return CalendarDate(daysSinceEpoch: days)!
    }
}
