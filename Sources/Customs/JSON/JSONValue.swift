/// A parsed JSON document (RFC 8259). Objects keep their members in document order and numbers keep
/// their exact text, so a value can be written back byte-for-byte as it came (modulo whitespace) and,
/// later, canonicalised for signatures (RFC 8785) without a lossy detour through Double.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type's name as a carrier would read it in an error ("an object", "a string").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
