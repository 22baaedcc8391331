@testable import Customs
import Testing

@Suite struct ReferenceNumberTests {
    @Test func sealsAreCapitalsDigitsAndHyphens() {
        #expect(ReferenceNumber.sealProblem("VN123456") == nil)
        #expect(ReferenceNumber.sealProblem("CN-0012345") == nil)
        #expect(ReferenceNumber.sealProblem("vn123456") != nil)
        #expect(ReferenceNumber.sealProblem("-123") != nil)
        #expect(ReferenceNumber.sealProblem(String(repeating: "1", count: 21)) != nil)
    }

    @Test func licenceNumbersAreFiveToTwentyCapitalsAndDigits() {
        #expect(ReferenceNumber.drivingLicenceProblem("120123456789") == nil)
        #expect(ReferenceNumber.drivingLicenceProblem("11010519491231002X") == nil)
        #expect(ReferenceNumber.drivingLicenceProblem("1201 2345") != nil)
        #expect(ReferenceNumber.drivingLicenceProblem("1234") != nil)
        #expect(ReferenceNumber.operatorLicenceProblem("RO-2026/0042") == nil)
        #expect(ReferenceNumber.operatorLicenceProblem("RO 2026") != nil)
    }

    @Test func certificateNumbersAreAsPrinted() {
        #expect(ReferenceNumber.certificateProblem("PC-2026-0001") == nil)
        #expect(ReferenceNumber.certificateProblem("No. 2026/VN/0001") == nil)
        #expect(ReferenceNumber.certificateProblem("-2026") != nil)
        #expect(ReferenceNumber.certificateProblem("PC#1") != nil)
    }
}
