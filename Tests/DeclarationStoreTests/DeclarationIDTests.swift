import DeclarationStore
import Foundation
import Testing

@Suite struct DeclarationIDTests {
    @Test func isAVersion7UUIDCarryingItsMillisecond() {
        let time = Timestamp(microseconds: 1_764_633_600_123_456)  // 2025-12-02T00:00:00.123456Z
        let id = DeclarationID.make(at: time)
        let text = id.uuidString.lowercased()
        #expect(text.hasPrefix("019adc5b-e07b-7"))  // 1,764,633,600,123 ms = 0x019adc5be07b
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
    }

    @Test func idsMadeLaterSortAfterAndNeverRepeat() {
        var ids: [UUID] = []
        for ms in Int64(0)..<2_000 {
            ids.append(DeclarationID.make(at: Timestamp(microseconds: (1_764_633_600_000 + ms) * 1000)))
        }
        let texts = ids.map { $0.uuidString.lowercased() }
        #expect(texts == texts.sorted())  // PostgreSQL orders uuid bytewise, as the text sorts
        let sameMillisecond = (0..<10_000).map { _ in DeclarationID.make(at: Timestamp(microseconds: 1_764_633_600_000_000)) }
        #expect(Set(sameMillisecond).count == 10_000)
    }
}
