@testable import Customs
import Foundation
import Testing

@Suite struct JSONNumberTests {
    @Test func acceptsOnlyTheJSONNumberGrammar() {
        for valid in ["0", "-0", "12", "1.5", "1e5", "1E-5", "-12.50e+3"] {
            #expect(JSONNumber(valid) != nil, "\(valid)")
        }
        for invalid in ["", "01", "+1", "1.", ".5", "1e", "NaN", "0x10", "1 ", " 1"] {
            #expect(JSONNumber(invalid) == nil, "\(invalid)")
        }
    }

    @Test func givesExactDecimalAndIntegerViews() {
        #expect(JSONNumber("19500.125")?.decimal == Decimal(string: "19500.125"))
        #expect(JSONNumber("1.5e3")?.decimal == 1500)
        #expect(JSONNumber("42")?.integer == 42)
        #expect(JSONNumber("42.0")?.integer == nil)
        #expect(JSONNumber("1e2")?.integer == nil)
        #expect(JSONNumber("0.1")?.double == 0.1)
    }

    /// The digits-only fast path gives what Foundation's parser gives, down to the text.
    @Test func plainNumbersDecodeAsFoundationParsesThem() {
        let samples = ["0", "-0", "7", "-7", "18000", "19500.125", "1.50", "1.05", "0.001", "0.0", "100.000",
                       "-12.5", "9999999999999999999", "1234567890.123456789", "0.0000000000000000001",
                       "10000000000000000000", "12345678901234567890.5"]
        for text in samples {
            let expected = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!
            let got = JSONNumber(text)!.decimal
            #expect(got == expected, "\(text)")
            #expect(got?.description == expected.description, "\(text)")
        }
        #expect(JSONNumber("19500.125")!.plainDecimal != nil)
        #expect(JSONNumber("1e5")!.plainDecimal == nil)
        #expect(JSONNumber("12345678901234567890.5")!.plainDecimal == nil)  // over 19 digits
    }

    @Test func aNumberTooLargeForDecimalHasNoDecimalView() {
        #expect(JSONNumber("1e400")?.decimal == nil)
    }

    @Test func countsTheFractionDigitsTheValueNeeds() {
        #expect(JSONNumber("18000")?.fractionDigits == 0)
        #expect(JSONNumber("1.50")?.fractionDigits == 1)
        #expect(JSONNumber("1.125")?.fractionDigits == 3)
        #expect(JSONNumber("1.5e1")?.fractionDigits == 0)
        #expect(JSONNumber("15e-3")?.fractionDigits == 3)
        #expect(JSONNumber("1.2345E+2")?.fractionDigits == 2)
        #expect(JSONNumber("100e-2")?.fractionDigits == 2)
    }

    @Test func writesDecimalsInPlainNotation() {
        #expect(JSONNumber(Decimal(string: "1250000.50")!).text == "1250000.5")
        #expect(JSONNumber(Decimal(18000)).text == "18000")
    }
}
