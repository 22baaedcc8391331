import Customs
import DeclarationStore
import Testing

@Suite struct JSONBKeyOrderTests {
    /// The batch a group commit sends PostgreSQL: every object's keys in jsonb's order (UTF-8
    /// length, then bytes), at every depth, values and number text untouched.
    @Test func writesKeysInJSONBOrderAtEveryDepth() throws {
        let value: JSONValue = ["value": .number(JSONNumber("1.50")!), "id": "x", "é": 1, "ab": [["zz": nil, "b": true, "aa": "s"]], "z": 2]
        #expect(String(decoding: value.serialized(orderingKeysBy: JSONBKeyOrder.precedes), as: UTF8.self)
                == #"{"z":2,"ab":[{"b":true,"aa":"s","zz":null}],"id":"x","é":1,"value":1.50}"#)
        let example = StoreFixture.document
        let written = example.serialized(orderingKeysBy: JSONBKeyOrder.precedes)
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
                return zip(o.keys, o.keys.dropFirst()).allSatisfy { JSONBKeyOrder.precedes($0, $1) } && o.members.allSatisfy { keysInJSONBOrder($0.value) }
            case .array(let a): return a.allSatisfy(keysInJSONBOrder)
            default: return true
            }
        }
        let parsed = try JSONParser.parse(written)
        #expect(sameMembers(parsed, example))
        #expect(keysInJSONBOrder(parsed))
        #expect(!keysInJSONBOrder(example), "the document is written in its documented order, which is not jsonb's")
    }
}
