@testable import Customs
import Foundation
import Testing

/// RFC 8785 canonical form: the examples of the RFC itself, then what the exchange relies on.
@Suite struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        String(decoding: try JSONParser.parse(text).canonicalSerialized(), as: UTF8.self)
    }

    @Test func sortsMembersByUTF16CodeUnitsAsInRFC8785Section3_2_3() throws {
        let input = #"""
        {
          "\u20ac": "Euro Sign",
          "\r": "Carriage Return",
          "\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\ud83d\ude00": "Emoji: Grinning Face",
          "\u0080": "Control",
          "\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """#
        let expected = #"{"\r":"Carriage Return","1":"One","# + "\"\u{80}\":\"Control\",\"\u{F6}\":\"Latin Small Letter O With Diaeresis\","
            + "\"\u{20AC}\":\"Euro Sign\",\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonical(input) == expected)
    }

    @Test func sortsASurrogatePairBeforeAHigherBMPCharacterAsUTF16Does() throws {
        // By code point U+1F600 sorts after U+FB33; by UTF-16 code unit its 0xD83D sorts before 0xFB33.
        #expect(try canonical(#"{"\ufb33":1,"\ud83d\ude00":2}"#) == "{\"\u{1F600}\":2,\"\u{FB33}\":1}")
    }

    @Test(arguments: [
        // RFC 8785 section 3.2.2.3
        ("333333333.33333329", "333333333.3333333"),
        ("1E30", "1e+30"),
        ("4.50", "4.5"),
        ("2e-3", "0.002"),
        ("0.000000000000000000000000001", "1e-27"),
        ("-0", "0"),
        ("9007199254740992", "9007199254740992"),
        ("1e21", "1e+21"),
        ("1e-7", "1e-7"),
        ("0.0000001", "1e-7"),
        ("100", "100"),
        ("123456789012345680000", "123456789012345680000"),
        // RFC 8785 appendix B, written as decimal text
        ("5e-324", "5e-324"),
        ("-5e-324", "-5e-324"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("9.999999999999997e22", "9.999999999999997e+22"),
        ("1e23", "1e+23"),
        ("0.000001", "0.000001"),
        ("9.999999999999997e-7", "9.999999999999997e-7"),
        ("999999999999999700000", "999999999999999700000"),
        ("999999999999999900000", "999999999999999900000"),
        ("295147905179352830000", "295147905179352830000"),
        ("-1.5e-5", "-0.000015"),
        ("-0.0", "0"),
        ("0.1", "0.1"),
        ("54000.00", "54000"),
        ("19500.125", "19500.125"),
    ])
    func writesNumbersAsECMAScriptNumberToString(input: String, expected: String) throws {
        #expect(try canonical(input) == expected)
        #expect(try canonical("[\(input)]") == "[\(expected)]")
    }

    /// Integers up to 15 digits are copied as written; that must be what the double would give.
    @Test func integersWrittenAsTheyAreMatchTheirDoublesText() throws {
        var generator = SystemRandomNumberGenerator()
        var samples = ["0", "-0", "7", "-7", "999999999999999", "-999999999999999", "100000000000000"]
        for _ in 0..<2_000 {
            let digits = Int.random(in: 1...15, using: &generator)
            let value = Int64.random(in: 0..<Int64(pow(10, Double(digits))), using: &generator)
            samples.append((Bool.random(using: &generator) ? "-" : "") + String(value))
        }
        for text in samples {
            #expect(try canonical(text) == JSONValue.ecmaScriptText(Double(text)!), "\(text)")
        }
    }

    /// Plain decimals of up to 15 significant digits are copied as written when that is what the
    /// double would give; around every edge of that rule (16 digits, trailing zeros, 10^-6 and
    /// below, a leading zero) the text still comes from the double.
    @Test func plainDecimalsWrittenAsTheyAreMatchTheirDoublesText() throws {
        var generator = SystemRandomNumberGenerator()
        var samples = ["0.5", "-0.5", "12345.67", "0.000001", "0.0000001", "0.0000012", "0.00000123",
                       "123456789012345.5", "12345678901234.5", "1.000", "10.10", "0.1", "-0.0", "0.30000000000000004",
                       "99999999999999.9", "0.123456789012345", "0.1234567890123456", "5e-7", "1.5e3"]
        for _ in 0..<4_000 {
            let integerDigits = Int.random(in: 0...16, using: &generator)
            let integer = integerDigits == 0 ? "0" : String(Int64.random(in: 1...Int64(pow(10, Double(min(integerDigits, 15)))), using: &generator))
            let zeros = String(repeating: "0", count: Int.random(in: 0...8, using: &generator))
            let fraction = String(UInt64.random(in: 1...999_999_999, using: &generator))
            let text = integer + "." + zeros + String(fraction.prefix(Int.random(in: 1...9, using: &generator)))
            samples.append((Bool.random(using: &generator) ? "-" : "") + text)
        }
        for text in samples {
            #expect(try canonical(text) == JSONValue.ecmaScriptText(Double(text)!), "\(text)")
        }
        // The copy is taken for amounts as declarations write them, and not at the edges.
        func copied(_ text: String) -> Bool { JSONValue.isCanonicalPlainDecimal(Substring(text).utf8) }
        for amount in ["12345.67", "0.9", "19500.125", "0.000001", "99999999999999.9"] { #expect(copied(amount), "\(amount)") }
        for edge in ["1.50", "0.0000001", "123456789012345.5", "0.1234567890123456", "5e-7", "18000", "01.5"] {
            #expect(!copied(edge), "\(edge)")
        }
    }

    @Test func serialisesNumbersFromTheirDoubleEvenWhenTheTextIsMorePrecise() throws {
        // 2^53 + 1 is not a double: JCS is defined on doubles, so it becomes 2^53.
        #expect(try canonical("9007199254740993") == "9007199254740992")
    }

    @Test func writesANumberBeyondTheDoubleRangeAsNullAsJSONStringifyDoes() throws {
        #expect(try canonical("[1e400,-1e400]") == "[null,null]")
    }

    @Test func sortsNestedObjectsAndKeepsArrayOrderWithoutWhitespace() throws {
        let input = """
        { "b" : [ 3, { "z" : 1, "a" : [ true, null, false ] }, "x" ],
          "a" : { "y" : "x", "c" : -0.0, "" : {} }, "aa": [] }
        """
        #expect(try canonical(input) == #"{"a":{"":{},"c":0,"y":"x"},"aa":[],"b":[3,{"a":[true,null,false],"z":1},"x"]}"#)
    }

    @Test func passesVietnameseAndChineseTextThroughUnescaped() throws {
        let input = #"{"货物":"榴莲 鲜果","tên":"Nguyễn Văn An","mô tả":"Sầu riêng tươi"}"#
        let bytes = try JSONParser.parse(input).canonicalSerialized()
        #expect(bytes == Array(#"{"mô tả":"Sầu riêng tươi","tên":"Nguyễn Văn An","货物":"榴莲 鲜果"}"#.utf8))
    }

    @Test func escapesControlCharactersAndOnlyWhatJSONRequires() throws {
        #expect(try canonical(#"["\u0000\u001f\b\t\n\f\r\"\\\/\u007f\u00e9"]"#)
            == #"["\u0000\u001f\b\t\n\f\r\"\\/"# + "\u{7F}\u{E9}\"]")
    }

    @Test func memberOrderAndSpacingOfTheInputDoNotChangeTheCanonicalForm() throws {
        let one = try JSONParser.parse(#"{"weight":19500,"unit":"KGM","lines":[{"b":2,"a":1}]}"#)
        let two = try JSONParser.parse(" {\n \"lines\" : [ {\"a\":1.0, \"b\":2e0} ],\t\"unit\":\"KGM\", \"weight\":1.95e4 } ")
        #expect(one.canonicalSerialized() == two.canonicalSerialized())
    }

    /// Input already in order is written as it is; one pair out of order anywhere still sorts.
    @Test(arguments: [
        (#"{"a":1,"b":2,"c":3,"d":4}"#, #"{"a":1,"b":2,"c":3,"d":4}"#),
        (#"{"a":1,"b":2,"d":4,"c":3}"#, #"{"a":1,"b":2,"c":3,"d":4}"#),
        (#"{"b":1,"a":2,"c":3}"#, #"{"a":2,"b":1,"c":3}"#),
        (#"{"ab":1,"a":2}"#, #"{"a":2,"ab":1}"#),
        (#"{"a":2,"ab":1,"B":0}"#, #"{"B":0,"a":2,"ab":1}"#),
        (#"{"x":{"q":1,"p":2},"y":[{"n":1,"m":2}]}"#, #"{"x":{"p":2,"q":1},"y":[{"m":2,"n":1}]}"#),
    ])
    func sortsWhatIsOutOfOrderAndKeepsWhatIsInOrder(input: String, canonical: String) throws {
        #expect(try JSONParser.parse(input).canonicalSerialized() == Array(canonical.utf8))
    }

    @Test(arguments: [
        Fixtures.exampleText,
        #"{"z":[1E30,4.50,-0,{"\u20ac":"€","\u0080":null}],"a":"\ud83d\ude00","m":0.000001e-3}"#,
    ])
    func canonicalisingIsIdempotent(text: String) throws {
        let once = try JSONParser.parse(text).canonicalSerialized()
        let twice = try JSONParser.parse(once).canonicalSerialized()
        #expect(once == twice)
    }
}
