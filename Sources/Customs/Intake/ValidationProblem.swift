/// One thing wrong with a declaration: where (an RFC 6901 JSON pointer into the request body), what
/// (a stable code from `ValidationCode`, for programs) and why (a sentence for the carrier). The HTTP
/// layer renders a list of them as `errors` in an RFC 9457 problem+json answer with status 422.
public struct ValidationProblem: Sendable, Hashable, CustomStringConvertible {
    /// E.g. `/goods/0/hsCode`; the empty string is the whole document.
    public let pointer: String
    /// One of `ValidationCode`'s raw values.
    public let code: String
    /// Plain language, naming the expected format or value.
    public let detail: String

    public init(pointer: String, code: String, detail: String) {
        self.pointer = pointer
        self.code = code
        self.detail = detail
    }

    public init(pointer: String, code: ValidationCode, detail: String) {
        self.init(pointer: pointer, code: code.rawValue, detail: detail)
    }

    public var description: String { "\(pointer.isEmpty ? "(document)" : pointer): \(code): \(detail)" }

    /// `{"pointer": …, "code": …, "detail": …}` for the problem+json `errors` array.
    public func jsonValue() -> JSONValue {
        ["pointer": .string(pointer), "code": .string(code), "detail": .string(detail)]
    }
}
