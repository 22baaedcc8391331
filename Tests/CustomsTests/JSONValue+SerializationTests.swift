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

    /// The batch a group commit sends PostgreSQL: every object's keys in jsonb's order (UTF-8
    /// length, then bytes), at every depth, values and number text untouched.
    @Test func writesKeysInJSONBOrderAtEveryDepth() throws {
        let value: JSONValue = ["value": .number(JSONNumber("1.50")!), "id": "x", "é": 1, "ab": [["zz": nil, "b": true, "aa": "s"]], "z": 2]
        #expect(String(decoding: value.serializedInJSONBKeyOrder(), as: UTF8.self)
                == #"{"z":2,"ab":[{"b":true,"aa":"s","zz":null}],"id":"x","é":1,"value":1.50}"#)
        let example = Fixtures.example
        let written = example.serializedInJSONBKeyOrder()
        func sameMembers(_ a: JSONValue, _ b: JSONValue) -> Bool {
            switch (a, b) {
            case (.object(let x), .object(let y)):
                return x.count == y.count && x.members.allSatisfy { m in y[m.key].map { sameMembers(m.value, $0) } ?? false }
            case (.array(let x), .array(let y)):
                return x.count == y.count && zip(x, y).allSatisfy(sameMembers)
            default:
                return a == b
            }
        }
        func keysInJSONBOrder(_ v: JSONValue) -> Bool {
            switch v {
            case .object(let o):
                return zip(o.keys, o.keys.dropFirst()).allSatisfy { JSONValue.jsonbKeyPrecedes($0, $1) } && o.members.allSatisfy { keysInJSONBOrder($0.value) }
            case .array(let a): return a.allSatisfy(keysInJSONBOrder)
            default: return true
            }
        }
        let parsed = try JSONParser.parse(written)
        #expect(sameMembers(parsed, example))
        #expect(keysInJSONBOrder(parsed))
        #expect(!keysInJSONBOrder(example), "the example is written in its documented order, which is not jsonb's")
    }
}
