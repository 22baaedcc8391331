import Foundation
import PostgresClient
import Testing

@Suite struct PostgresDecodableTests {
    private func decode(_ text: String) -> UUID? {
        Array(text.utf8).withUnsafeBufferPointer { UUID.decode(postgres: $0, type: .uuid) }
    }

    @Test func aUUIDInPostgreSQLsTextIsReadAsFoundationReadsIt() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(decode(id.uuidString.lowercased()) == id)
            #expect(decode(id.uuidString) == id)
        }
        #expect(decode("019adc5b-e07b-7abc-8def-0123456789ab") == UUID(uuidString: "019ADC5B-E07B-7ABC-8DEF-0123456789AB"))
    }

    @Test func anythingElseIsNotAUUID() {
        for text in ["", "019adc5b-e07b-7abc-8def-0123456789a", "019adc5b-e07b-7abc-8def-0123456789abc",
                     "019adc5be07b-7abc-8def-0123456789ab-", "019adc5g-e07b-7abc-8def-0123456789ab",
                     "019adc5b_e07b_7abc_8def_0123456789ab", "019adc5b-e07b-7abc-8def-0123456789a "] {
            #expect(decode(text) == nil, "\(text)")
        }
    }
}
