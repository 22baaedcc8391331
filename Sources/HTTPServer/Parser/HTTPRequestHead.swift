/// A parsed request head: request line, header fields, and what the parser derived from them.
public struct HTTPRequestHead: Sendable {
    /// How the body is delimited (RFC 9112 section 6.3).
    public enum BodyFraming: Sendable, Equatable {
        case none
        case contentLength(Int)
        case chunked
    }

    /// The method token, case-sensitive ("GET", "POST", "M-SEARCH", …).
    public var method: String
    /// The request-target exactly as sent (origin-form, absolute-form or "*").
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPFields
    public var framing: BodyFraming
    /// Whether the connection may stay open after this exchange (version default + Connection).
    public var keepAlive: Bool
    /// `Expect: 100-continue` was sent.
    public var expectsContinue: Bool

    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPFields = HTTPFields(),
                framing: BodyFraming = .none, keepAlive: Bool = true, expectsContinue: Bool = false) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}
