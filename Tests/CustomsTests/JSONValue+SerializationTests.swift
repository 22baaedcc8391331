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
}
