@testable import Customs
import Foundation
import Testing

/// `Amount` replaced Foundation's `Decimal` for goods-line numbers and ruleset thresholds, so every
/// operation is checked against what `Decimal` gives for the same text.
@Suite struct AmountTests {
    static let posix = Locale(identifier: "en_US_POSIX")

    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: posix)! }

    /// Random decimal text: up to 20 integer digits, up to 12 decimals, sometimes an exponent.
    static func randomText(_ generator: inout some RandomNumberGenerator, exponents: Bool = true) -> String {
        func digits(_ count: Int) -> String {
            String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        }
        var integer = digits(Int.random(in: 1...20, using: &generator))
        while integer.count > 1, integer.first == "0" { integer.removeFirst() }
        var text = (Bool.random(using: &generator) ? "-" : "") + integer
        if Bool.random(using: &generator) { text += "." + digits(Int.random(in: 1...12, using: &generator)) }
        if exponents, Int.random(in: 0..<4, using: &generator) == 0 { text += "e" + String(Int.random(in: -8...8, using: &generator)) }
        return text
    }

    @Test func parsesPlainAndExponentNotationIntoLowestTerms() throws {
        let cases: [(String, Int128, Int)] = [
            ("18000", 18000, 0), ("19500.125", 19_500_125, 3), ("1.50", 15, 1), ("1.000", 1, 0),
            ("1.95000e4", 19500, 0), ("15e-3", 15, 3), ("-0.05", -5, 2), ("0.0", 0, 0), ("-0", 0, 0),
            ("0e99999", 0, 0), ("1E+2", 100, 0), ("007.5", 75, 1),
        ]
        for (text, significand, scale) in cases {
            let amount = try #require(Amount(text), "\(text)")
            #expect(amount.significand == significand && amount.scale == scale, "\(text) gave \(amount.significand)e-\(amount.scale)")
        }
        #expect(Amount("1.50") == Amount("1.5"))
        #expect(Amount("1.50")?.hashValue == Amount("1.5")?.hashValue)
    }

    @Test func refusesTextThatIsNotANumberAndValuesBeyond38DigitsOrPlaces() {
        for invalid in ["", "-", "+1", "1.", ".5", "1e", "1e+", "1.2.3", "abc", "1 ", " 1", "0x10", "--1", "1-", "1e5.5"] {
            #expect(Amount(invalid) == nil, "\(invalid)")
        }
        let nines = String(repeating: "9", count: 38)
        #expect(Amount(nines) != nil)
        #expect(Amount(nines + "9") == nil)
        #expect(Amount("1e37") != nil)
        #expect(Amount("1e38") == nil)
        #expect(Amount("1e-38") != nil)
        #expect(Amount("1e-39") == nil)
        #expect(Amount("0." + String(repeating: "0", count: 37) + "1") != nil)
        // Trailing zeros after the point do not count towards the 38 digits.
        #expect(Amount("1." + String(repeating: "0", count: 60)) == 1)
    }

    @Test func writesTheTextDecimalWrites() {
        var generator = SystemRandomNumberGenerator()
        var samples = ["0", "18000", "0.5", "-0.5", "1250000.50", "0.001", "0.000000000001", "123456789012345678.25", "1e-8", "-3e5"]
        for _ in 0..<4_000 { samples.append(Self.randomText(&generator)) }
        for text in samples {
            #expect(Amount(text)?.description == Self.decimal(text).description, "\(text)")
        }
        #expect(Amount(String(repeating: "9", count: 38))?.description == String(repeating: "9", count: 38))
    }

    @Test func comparesAsDecimalDoes() throws {
        var generator = SystemRandomNumberGenerator()
        var pairs = [("1", "1.0"), ("0.1", "0.09"), ("-1", "-0.5"), ("1e37", "0.00000000000000000000000000000000000001"),
                     ("-1e37", "0.5"), ("0.00000000000000000000000000000000000001", "1e37"), ("0", "-0.0")]
        for _ in 0..<4_000 { pairs.append((Self.randomText(&generator), Self.randomText(&generator))) }
        for (a, b) in pairs {
            let x = try #require(Amount(a)), y = try #require(Amount(b))
            let (dx, dy) = (Self.decimal(a), Self.decimal(b))
            #expect((x < y) == (dx < dy) && (x == y) == (dx == dy) && (x > y) == (dx > dy), "\(a) vs \(b)")
        }
    }

    @Test func addsAndMultipliesExactlyAndSaysWhenItCannot() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let a = Self.randomText(&generator, exponents: false), b = Self.randomText(&generator, exponents: false)
            let x = try #require(Amount(a)), y = try #require(Amount(b))
            // Up to 32 digits each: the exact results are within Decimal's 38 digits.
            #expect(x.adding(y)?.description == (Self.decimal(a) + Self.decimal(b)).description, "\(a) + \(b)")
            if let product = x.multiplied(by: y) {
                #expect(product.description == (Self.decimal(a) * Self.decimal(b)).description, "\(a) × \(b)")
            } else {
                // Only when the product may need more than 38 digits or has more than 38 places.
                func digits(_ x: Amount) -> Int { String(x.significand.magnitude).count }
                #expect(digits(x) + digits(y) >= 39 || x.scale + y.scale > 38, "\(a) × \(b)")
            }
        }
        let big = try #require(Amount("1" + String(repeating: "0", count: 20)))
        #expect(big.multiplied(by: big) == nil)
        #expect(try #require(Amount(String(repeating: "9", count: 38))).adding(1) == nil)
        #expect(try #require(Amount("0.5")).multiplied(by: try #require(Amount("0.00000000000000000000000000000000000001"))) == nil)  // 39 places
    }

    @Test func dividesRoundingHalvesAwayFromZeroAsNSDecimalRoundPlain() throws {
        func rounded(_ value: Decimal, _ places: Int) -> Decimal {
            var input = value, output = Decimal()
            NSDecimalRound(&output, &input, places, .plain)
            return output
        }
        var generator = SystemRandomNumberGenerator()
        var pairs = [("1", "8", 2), ("-1", "8", 2), ("1", "-8", 2), ("5", "2", 0), ("-5", "2", 0), ("1", "3", 4), ("2", "3", 4),
                     ("54000", "18000", 4), ("12000", "126000", 4), ("0.0001", "3", 4)]
        for _ in 0..<2_000 {
            var b = Self.randomText(&generator, exponents: false)
            if Self.decimal(b) == 0 { b = "7" }
            pairs.append((Self.randomText(&generator, exponents: false), b, 4))
        }
        for (a, b, places) in pairs {
            let x = try #require(Amount(a)), y = try #require(Amount(b))
            guard let quotient = x.divided(by: y, places: places) else { continue }  // beyond 38 digits
            #expect(quotient.description == rounded(Self.decimal(a) / Self.decimal(b), places).description, "\(a) / \(b)")
        }
        #expect(Amount(1).divided(by: .zero, places: 4) == nil)
    }

    @Test func convertsToTheSameDecimal() {
        var generator = SystemRandomNumberGenerator()
        var samples = [String(repeating: "9", count: 38), "-" + String(repeating: "1", count: 30) + ".5", "0.00000000000000000000000000000000000001"]
        for _ in 0..<1_000 { samples.append(Self.randomText(&generator)) }
        for text in samples { #expect(Amount(text)?.decimal == Self.decimal(text), "\(text)") }
    }

    /// The value rule's exact path and its Decimal fallback (for products beyond 38 digits) agree.
    @Test func theValueRuleGivesTheSameAnswerExactlyAndInDecimal() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let net = Amount(significand: Int128(Int.random(in: 1...4_000_000_000, using: &generator)), scale: 3)!
            let value = Amount(significand: Int128(Int.random(in: 1...10_000_000_000, using: &generator)), scale: 2)!
            let rate = Amount(significand: Int128(Int.random(in: 1...30_000_000_000, using: &generator)), scale: Int.random(in: 0...8, using: &generator))!
            let reference = Amount(significand: Int128(Int.random(in: 1...100_000, using: &generator)), scale: 2)!
            let fraction = Amount(significand: Int128(Int.random(in: 1...1_000, using: &generator)), scale: 2)!
            let line = GoodsLine(hsCode: "08109010", description: "x", quantity: 1, unit: "KGM", grossKg: net, netKg: net,
                                 value: value, currency: "VND", origin: "VN")
            let fast = RiskEngine.valuePerKgBelow(line, rate: rate, reference: reference, fraction: fraction)
            let ratedKg = rate.decimal * net.decimal
            let below = value.decimal < reference.decimal * fraction.decimal * ratedKg
            #expect((fast != nil) == below, "\(value) \(rate) \(net) \(reference) \(fraction)")
            if let fast {
                var quotient = value.decimal / ratedKg, rounded = Decimal()
                NSDecimalRound(&rounded, &quotient, 4, .plain)
                #expect(fast == rounded.description, "\(value) / (\(rate) × \(net))")
            }
        }
        // A rate of 36 digits makes rate × net weight too long for Amount: the Decimal path answers.
        let rate = try #require(Amount("1.00000000000000000000000000000000001"))
        let net = try #require(Amount("18000.125")), value = try #require(Amount("5400.5"))
        #expect(rate.multiplied(by: net) == nil)
        let line = GoodsLine(hsCode: "08109010", description: "x", quantity: 1, unit: "KGM", grossKg: net, netKg: net,
                             value: value, currency: "VND", origin: "VN")
        #expect(RiskEngine.valuePerKgBelow(line, rate: rate, reference: 2, fraction: 1) == "0.3")
        #expect(RiskEngine.valuePerKgBelow(line, rate: rate, reference: 2, fraction: try #require(Amount("0.15"))) == nil)
    }
}
