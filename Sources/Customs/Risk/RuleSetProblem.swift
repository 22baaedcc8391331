/// One thing wrong with a ruleset: where (an RFC 6901 pointer into the ruleset document) and why.
public struct RuleSetProblem: Sendable, Hashable, CustomStringConvertible {
    /// E.g. `/rules/12/when/hsPrefixes/0`; the empty string is the whole document.
    public let pointer: String
    public let detail: String

    public init(pointer: String, detail: String) {
        self.pointer = pointer
        self.detail = detail
    }

    public var description: String { "\(pointer.isEmpty ? "(document)" : pointer): \(detail)" }

    public func jsonValue() -> JSONValue {
        ["pointer": .string(pointer), "detail": .string(detail)]
    }
}
