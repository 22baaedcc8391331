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

    @Test func givesExactAmountAndIntegerViews() {
        #expect(JSONNumber("19500.125")?.amount == Amount("19500.125"))
        #expect(JSONNumber("1.5e3")?.amount == 1500)
        #expect(JSONNumber("42")?.integer == 42)
        #expect(JSONNumber("42.0")?.integer == nil)
        #expect(JSONNumber("1e2")?.integer == nil)
        #expect(JSONNumber("0.1")?.double == 0.1)
    }

    @Test func aNumberBeyond38DigitsHasNoAmountView() {
        #expect(JSONNumber("1e400")?.amount == nil)
        #expect(JSONNumber("1e-400")?.amount == nil)
        #expect(JSONNumber("0e400")?.amount == .zero)
    }

    /// The decimals a value needs, which validation limits, is the amount's scale in lowest terms.
    @Test func countsTheDecimalsTheValueNeeds() {
        for (text, decimals) in [("18000", 0), ("1.50", 1), ("1.125", 3), ("1.5e1", 0), ("15e-3", 3), ("1.2345E+2", 2), ("100e-2", 0), ("0.10", 1)] {
            #expect(JSONNumber(text)?.amount?.scale == decimals, "\(text)")
        }
    }

    @Test func writesAmountsInPlainNotation() {
        #expect(JSONNumber(Amount("1250000.50")!).text == "1250000.5")
        #expect(JSONNumber(Amount(18000)).text == "18000")
        #expect(JSONNumber(Amount("1.95000e4")!).text == "19500")
    }
}
