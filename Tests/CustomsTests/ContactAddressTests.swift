@testable import Customs
import Testing

@Suite struct ContactAddressTests {
    @Test func phoneNumbersAreE164() {
        #expect(ContactAddress.phoneProblem("+84912345678") == nil)
        #expect(ContactAddress.phoneProblem("+8613812345678") == nil)
        for phone in ["0912345678", "+84 912 345 678", "+0912345678", "+8412", "+8491234567890123", "84912345678"] {
            #expect(ContactAddress.phoneProblem(phone) != nil, "\(phone)")
        }
    }

    @Test func emailAddressesHaveALocalPartAndADottedDomain() {
        #expect(ContactAddress.emailProblem("dieu.hanh@smartlogistics.vn") == nil)
        #expect(ContactAddress.emailProblem("ops+night@example.com.cn") == nil)
        for email in ["ops", "ops@localhost", "@example.com", "ops@example..com", "ops@-example.com", "o ps@example.com", "ops@exa_mple.com", ".ops@example.com"] {
            #expect(ContactAddress.emailProblem(email) != nil, "\(email)")
        }
    }
}
