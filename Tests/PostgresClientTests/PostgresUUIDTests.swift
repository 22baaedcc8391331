import Foundation
@testable import PostgresClient
import Testing

@Suite struct PostgresUUIDTests {
    private func decode(_ text: String) -> UUID? {
        Array(text.utf8).withUnsafeBufferPointer { UUID.decode(postgres: $0, type: .uuid) }
    }

    private func parseCanonical(_ text: String) -> UUID? {
        Array(text.utf8).withUnsafeBufferPointer { UUID.parseCanonical($0) }
    }

    @Test func lowercasedStringIsPostgreSQLsText() {
        let fixed = UUID(uuidString: "019ADC5B-E07B-7ABC-8DEF-0123456789AB")!
        #expect(fixed.lowercasedString == "019adc5b-e07b-7abc-8def-0123456789ab")
        #expect(fixed.postgresBytes == Array("019adc5b-e07b-7abc-8def-0123456789ab".utf8))
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(id.lowercasedString == id.uuidString.lowercased())
            #expect(UUID(uuidString: id.lowercasedString) == id)
        }
    }

    @Test func aUUIDInPostgreSQLsTextIsReadAsFoundationReadsIt() {
        for _ in 0..<1_000 {
            let id = UUID()
            // The byte-by-byte reader itself, not Foundation behind it, reads both cases.
            #expect(parseCanonical(id.uuidString.lowercased()) == id)
            #expect(parseCanonical(id.uuidString) == id)
            #expect(decode(id.uuidString.lowercased()) == id)
            #expect(decode(id.uuidString) == id)
        }
        #expect(decode("019adc5b-e07b-7abc-8def-0123456789ab") == UUID(uuidString: "019ADC5B-E07B-7ABC-8DEF-0123456789AB"))
    }

    @Test func anythingElseIsNotAUUID() {
        for text in ["", "019adc5b-e07b-7abc-8def-0123456789a", "019adc5b-e07b-7abc-8def-0123456789abc",
                     "019adc5be07b-7abc-8def-0123456789ab-", "019adc5g-e07b-7abc-8def-0123456789ab",
                     "019adc5b_e07b_7abc_8def_0123456789ab", "019adc5b-e07b-7abc-8def-0123456789a "] {
            #expect(parseCanonical(text) == nil, "\(text)")
            #expect(decode(text) == nil, "\(text)")
        }
    }
}
