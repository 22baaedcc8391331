/// An error a handler throws to answer with an RFC 9457 problem document
/// (`application/problem+json`): type, title, status, detail, plus the extension members
/// `code` (machine-readable), `requestId` and any `extra` fields.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    /// Machine-readable, stable: "declaration_not_found", "invalid_json".
    public var code: String
    public var detail: String
    /// A URI identifying the problem type; "about:blank" when the status says it all.
    public var type: String
    /// Extra extension members (string-valued), e.g. ["field": "goods[0].hsCode"].
    public var extra: [String: String]
    /// Extra response headers (e.g. Allow for 405, Retry-After for 503).
    public var headers: HTTPFields

    public init(_ status: HTTPStatus, code: String, detail: String, type: String = "about:blank",
                extra: [String: String] = [:], headers: HTTPFields = HTTPFields()) {
        self.status = status
        self.code = code
        self.detail = detail
        self.type = type
        self.extra = extra
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(detail)" }

    /// The problem document as a response.
    public func response(requestID: String?) -> HTTPResponse {
        var json = JSONWriter()
        json.beginObject()
        json.member("type", type)
        json.member("title", status.reasonPhrase)
        json.member("status", status.code)
        json.member("detail", detail)
        json.member("code", code)
        if let requestID { json.member("requestId", requestID) }
        for key in extra.keys.sorted() where !["type", "title", "status", "detail", "code", "requestId"].contains(key) {
            json.member(key, extra[key]!)
        }
        json.endObject()
        var headers = self.headers
        headers.set(name: "Content-Type", value: "application/problem+json")
        return HTTPResponse(status: status, headers: headers, body: json.bytes)
    }
}

extension HTTPError {
    /// The problem for a request the parser refused.
    init(_ error: HTTPParseError) {
        self.init(HTTPStatus(code: error.status), code: "malformed_request", detail: error.detail,
                  extra: ["reason": "\(error)"])
    }
}
