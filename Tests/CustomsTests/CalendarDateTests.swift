import Customs
import Testing

@Suite struct CalendarDateTests {
    @Test func parsesOnlyRealDatesInFullDateForm() {
        #expect(CalendarDate(iso8601: "2026-11-23") == CalendarDate(year: 2026, month: 11, day: 23))
        #expect(CalendarDate(iso8601: "2028-02-29") != nil)
        for invalid in ["2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "2026-1-5", "26-11-23", "2026/11/23", "2026-11-23T00:00:00Z", "0000-01-01", "２０２６-11-23"] {
            #expect(CalendarDate(iso8601: invalid) == nil, "\(invalid)")
        }
        #expect(CalendarDate(iso8601: "1900-02-29") == nil)
        #expect(CalendarDate(iso8601: "2000-02-29") != nil)
    }

    @Test func printsAsFullDate() {
        #expect(CalendarDate(year: 987, month: 1, day: 2)?.description == "0987-01-02")
    }

    @Test func countsDaysAcrossMonthsYearsAndLeapDays() {
        let start = CalendarDate(year: 2026, month: 11, day: 22)!
        #expect(start.adding(days: 30) == CalendarDate(year: 2026, month: 12, day: 22))
        #expect(start.adding(days: 40) == CalendarDate(year: 2027, month: 1, day: 1))
        #expect(CalendarDate(year: 2028, month: 2, day: 28)!.adding(days: 1) == CalendarDate(year: 2028, month: 2, day: 29))
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11017)
        #expect(start.days(until: CalendarDate(year: 2026, month: 11, day: 20)!) == -2)
    }

    @Test func daysSinceEpochRoundTripsForFourHundredYears() {
        let first = CalendarDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch
        let mismatches = (first..<first + 146_097).filter { CalendarDate(daysSinceEpoch: $0)?.daysSinceEpoch != $0 }
        #expect(mismatches.isEmpty)
    }

    @Test func ageCountsCompletedYears() {
        let born = CalendarDate(year: 2008, month: 11, day: 23)!
        #expect(born.age(on: CalendarDate(year: 2026, month: 11, day: 22)!) == 17)
        #expect(born.age(on: CalendarDate(year: 2026, month: 11, day: 23)!) == 18)
        let leapling = CalendarDate(year: 2008, month: 2, day: 29)!
        #expect(leapling.age(on: CalendarDate(year: 2026, month: 2, day: 28)!) == 17)
        #expect(leapling.age(on: CalendarDate(year: 2026, month: 3, day: 1)!) == 18)
    }
}
