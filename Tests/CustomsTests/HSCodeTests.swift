@testable import Customs
import Testing

@Suite struct HSCodeTests {
    @Test func acceptsVietnameseAndChineseCodeLengths() {
        for code in ["08109010", "8542310000", "01012100", "97011000"] {
            #expect(HSCode.problem(code) == nil, "\(code)")
        }
    }

    @Test func refusesUnknownChaptersAndReservedSeventySeven() {
        for code in ["00109010", "77001000", "98010000", "99010000"] {
            #expect(HSCode.problem(code)?.contains("chapter") == true, "\(code)")
        }
    }

    @Test func refusesOtherLengthsAndPunctuation() {
        for code in ["081090", "0810901", "081090100", "0810.90.10", "08109O10", "08 109010"] {
            #expect(HSCode.problem(code)?.contains("8 digits") == true, "\(code)")
        }
    }
}
