import CarrierAPI
import Customs
import DeclarationStore
import Testing

@Suite struct CrossingClockTests {
    @Test func todayAtTheCrossingIsTheDateInVietnamSevenHoursAheadOfUTC() {
        // 2026-11-22T16:59:59Z is 23:59:59 in Hà Nội; one second later it is the 23rd there.
        let beforeMidnight = Timestamp(microseconds: 1_795_366_799_000_000)
        #expect(beforeMidnight.description == "2026-11-22T16:59:59.000000Z")
        #expect(CrossingClock.vietnameseDate(at: beforeMidnight) == CalendarDate(year: 2026, month: 11, day: 22))
        let midnight = Timestamp(microseconds: 1_795_366_800_000_000)
        #expect(CrossingClock.vietnameseDate(at: midnight) == CalendarDate(year: 2026, month: 11, day: 23))
    }

    @Test func timestampsPrintAsRFC3339WithMicroseconds() {
        #expect(Timestamp(microseconds: 0).description == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp(microseconds: 1_234_567).description == "1970-01-01T00:00:01.234567Z")
        #expect(Timestamp(microseconds: -1).description == "1969-12-31T23:59:59.999999Z")
    }
}
