@testable import Customs
import Testing

@Suite struct JSONValueSerializationTests {
    @Test func writesCompactJSONInMemberOrder() {
        let value: JSONValue = ["b": [1, true, nil], "a": ["x": "y"], "n": .number(JSONNumber("-1.50e2")!)]
        #expect(value.compactText == #"{"b":[1,true,null],"a":{"x":"y"},"n":-1.50e2}"#)
    }

    @Test func escapesOnlyWhatJSONRequiresWithShortFormsWhereTheyExist() {
        let value: JSONValue = .string("\"\\/\u{8}\u{9}\u{A}\u{C}\u{D}\u{1}\u{1F}é🚚\u{7F}")
        #expect(value.compactText == #""\"\\/\b\t\n\f\r\u0001\u001fé🚚"# + "\u{7F}\"")
    }

    /// Runs of plain text between escapes are copied whole: every mix of escapes, multi-byte text
    /// and plain runs (a receipt stored inside JSON has a quote every few bytes) comes out as the
    /// escape-by-escape reference writes it, and parses back to the same string.
    @Test func escapesEveryMixOfRunsAsTheReferenceDoes() throws {
        func reference(_ string: String) -> String {
            var out = "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\u{8}": out += "\\b"
                case "\u{9}": out += "\\t"
                case "\u{A}": out += "\\n"
                case "\u{C}": out += "\\f"
                case "\u{D}": out += "\\r"
                case "\u{0}"..."\u{1F}": out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let pieces = ["\"", "\\", "\u{0}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1B}", "\u{1F}", "a", "ab", "Nguyễn", "桂F", "🚚", "/", "\u{7F}", " "]
        var generator = SystemRandomNumberGenerator()
        var samples = ["", "\"", "plain", #"{"type":"receipt","payload":{"lane":"green"}}"#, "\"\"", "a\"", "\"a"]
        for _ in 0..<3_000 {
            samples.append((0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for string in samples {
            let text = JSONValue.string(string).compactText
            #expect(text == reference(string), "\(string.debugDescription)")
            #expect(try JSONParser.parse(text) == .string(string))
        }
        // A String made from a slice of another escapes the same way.
        let sliced = String(Substring("xx\"Nguyễn\"xx").dropFirst(2).dropLast(2))
        #expect(JSONValue.string(sliced).compactText == #""\"Nguyễn\"""#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let text = #"{"a":[1,2.50,-0,1e-7,"\u0000",{"":null}],"é":"Nguyễn","b":false}"#
        let value = try JSONParser.parse(text)
        #expect(value.compactText == text.replacingOccurrences(of: "é", with: "é"))
        #expect(try JSONParser.parse(value.serialized()) == value)
    }

    @Test func theExampleDeclarationRoundTrips() throws {
        let value = Fixtures.example
        #expect(try JSONParser.parse(value.serialized()) == value)
    }

    /// A reader may ask for another member order: applied at every depth, values and number text
    /// as `serialized()` writes them.
    @Test func reordersMembersAtEveryDepthWhenAsked() {
        let value: JSONValue = ["b": .number(JSONNumber("1.50")!), "a": [["d": nil, "c": true]], "e": "x"]
        #expect(String(decoding: value.serialized(orderingKeysBy: >), as: UTF8.self)
                == #"{"e":"x","b":1.50,"a":[{"d":null,"c":true}]}"#)
        let ascending: JSONValue = ["a": 1, "b": ["c": .number(JSONNumber("2e3")!), "d": ["é\"", nil]]]
        #expect(ascending.serialized(orderingKeysBy: <) == ascending.serialized())
    }
}
