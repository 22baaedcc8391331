@testable import Customs
import Testing

@Suite struct TaxCodeTests {
    @Test func acceptsVietnameseTaxCodesWithTheirCheckDigit() {
        // Published codes of Viettel, Vinamilk and a Lạng Sơn (49…) example; a branch suffix is fine.
        for code in ["0100109106", "0300588569", "4900567896", "4900567896-001"] {
            #expect(TaxCode.problem(code, country: "VN") == nil, "\(code)")
        }
    }

    @Test func refusesAVietnameseTaxCodeWithAWrongCheckDigit() {
        #expect(TaxCode.problem("0100109107", country: "VN")?.contains("must be 6") == true)
        // No check digit fits 490012345: the brief's placeholder code cannot be issued.
        #expect(TaxCode.problem("4900123456", country: "VN")?.contains("not a tax code that can be issued") == true)
    }

    @Test func refusesVietnameseTaxCodesOfTheWrongShape() {
        for code in ["010010910", "01001091066", "0100109106-01", "0100109106_001", "01001O9106", "0100109106-0001"] {
            #expect(TaxCode.problem(code, country: "VN") != nil, "\(code)")
        }
    }

    @Test func acceptsChineseCreditCodesWithTheirCheckCharacter() {
        // Huawei, Tencent, Alibaba (China) and a Beijing foreign-invested company, as published.
        for code in ["914403001922038216", "9144030071526726XG", "91330100716105852F", "91110000600037341L"] {
            #expect(TaxCode.problem(code, country: "CN") == nil, "\(code)")
        }
    }

    @Test func refusesChineseCreditCodesWithAWrongCheckOrForbiddenLetters() {
        #expect(TaxCode.problem("914403001922038217", country: "CN")?.contains("must be 6") == true)
        #expect(TaxCode.problem("9144030071526726XS", country: "CN") != nil)
        #expect(TaxCode.problem("91440300I192203821", country: "CN") != nil)
        #expect(TaxCode.problem("91440300192203821", country: "CN") != nil)
    }

    @Test func theCountryDecidesTheFormat() {
        #expect(TaxCode.problem("914403001922038216", country: "VN")?.contains("Chinese credit code") == true)
        #expect(TaxCode.problem("0100109106", country: "CN") != nil)
    }
}
