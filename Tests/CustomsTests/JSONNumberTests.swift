import Customs
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
