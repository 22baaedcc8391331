/// One request. The client owns the message framing: it always sends `Host` (unless given) and
/// `Content-Length` (whenever there is a body, and 0 for POST/PUT/PATCH without one), never
/// chunked; a caller-supplied `Content-Length` or `Transfer-Encoding` is refused, so the framing
/// the server sees can never disagree with the bytes sent.
public struct HTTPClientRequest: Sendable {
    /// A token, e.g. "GET", "POST" (case-sensitive, as RFC 9110 says).
    public var method: String
    /// The origin-form target, path and query: "/v1/manifests?since=2025-01-01". Non-ASCII
    /// bytes must already be percent-encoded. "*" is accepted for OPTIONS.
    public var path: String
    /// Sent in order, after `Host`.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// Whether the response to this request has no body whatever its headers say.
    var isHead: Bool { method == "HEAD" }

    /// Whether the caller asked the server to close after this exchange.
    var asksToClose: Bool {
        headers.contains { name, value in
            HTTPClientResponse.sameName(name, "Connection")
                && value.split(separator: ",").contains { $0.trimmingSpaces.lowercasedASCII == "close" }
        }
    }

    /// The serialised head (request line, fields, blank line), after checking that every part
    /// is something a server will parse exactly as meant: no CR or LF that would start a new
    /// line (header injection), no space in the target (request-line splitting).
    func serializedHead(defaultHost: String) throws(HTTPClientError) -> [UInt8] {
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenByte) else {
            throw .invalidRequest("method \"\(method)\" is not a token")
        }
        guard path == "*" ? method == "OPTIONS" : path.utf8.first == UInt8(ascii: "/") else {
            throw .invalidRequest("target \"\(path)\" must start with \"/\" (\"*\" only for OPTIONS)")
        }
        guard path.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidRequest("target \"\(path)\" contains a space, a control character or non-ASCII bytes")
        }
        var hasHost = false
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw .invalidRequest("header name \"\(name)\" is not a token")
            }
            guard value.utf8.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw .invalidRequest("the value of \(name) contains CR, LF or another control character")
            }
            if HTTPClientResponse.sameName(name, "Content-Length") || HTTPClientResponse.sameName(name, "Transfer-Encoding") {
                throw .invalidRequest("\(name) is set by the client from the body; do not pass it")
            }
            if HTTPClientResponse.sameName(name, "Host") {
                if hasHost { throw .invalidRequest("more than one Host field") }
                hasHost = true
            }
        }

        var head = "\(method) \(path) HTTP/1.1\r\n"
        if !hasHost { head += "Host: \(defaultHost)\r\n" }
        for (name, value) in headers {
            head += "\(name): \(value.trimmingSpaces)\r\n"
        }
        // RFC 9110 §8.6: a body always gets its length; POST and PUT without one still say 0, since
        // their semantics anticipate content (some servers answer 411 otherwise).
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8)
    }
}
