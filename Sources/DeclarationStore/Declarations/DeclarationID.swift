import Foundation

/// New declaration ids are UUIDv7 (RFC 9562, section 5.7): 48 bits of Unix milliseconds, the
/// version and variant bits, and 74 random bits. Ids made close in time sort close together, so
/// the primary keys and the other indexes led by a declaration id (versions, goods lines,
/// decisions, rule hits, audit entries) take inserts at their right edge instead of at a random
/// leaf page each: a group commit touches a few pages per index instead of one per declaration,
/// and after a checkpoint PostgreSQL writes a few full-page images instead of hundreds.
public enum DeclarationID {
    public static func make(at time: Timestamp) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let a: UInt64 = generator.next(), b: UInt64 = generator.next()
        let ms = UInt64(max(0, time.microseconds / 1000))
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(uuid: (
            byte(ms, 40), byte(ms, 32), byte(ms, 24), byte(ms, 16), byte(ms, 8), byte(ms, 0),
            0x70 | (byte(a, 0) & 0x0F), byte(a, 8),  // version 7, then 12 random bits
            0x80 | (byte(b, 0) & 0x3F), byte(b, 8),  // variant 10, then 62 random bits
            byte(b, 16), byte(b, 24), byte(b, 32), byte(b, 40), byte(b, 48), byte(b, 56)))
    }
}
