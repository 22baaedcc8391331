import DeclarationStore
import Testing

@Suite struct TimestampTests {
    /// RFC 3339 in UTC with six fraction digits, whatever the instant (PostgreSQL parses it back exactly).
    @Test(arguments: [
        (Int64(1_764_633_600_123_456), "2025-12-02T00:00:00.123456Z"),
        (1_764_633_600_000_007, "2025-12-02T00:00:00.000007Z"),
        (1_764_719_999_999_999, "2025-12-02T23:59:59.999999Z"),
        (0, "1970-01-01T00:00:00.000000Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (-62_135_596_800_000_000, "0001-01-01T00:00:00.000000Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
    ])
    func isWrittenWithFixedWidths(_ microseconds: Int64, _ text: String) {
        #expect(Timestamp(microseconds: microseconds).description == text)
    }
}
