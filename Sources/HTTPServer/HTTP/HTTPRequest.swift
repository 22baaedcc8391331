import TLS

/// A complete request as a handler sees it: head, body, route parameters, identity.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The request-target as sent.
    public var target: String
    /// The path part of the target (absolute-form targets are reduced to their path), not decoded.
    public var path: String
    /// The raw query string after "?", without the fragment; empty when absent.
    public var rawQuery: String
    public var version: HTTPVersion
    public var headers: HTTPFields
    public var body: [UInt8]
    /// Route parameters, percent-decoded: `/v1/declarations/{id}` gives `pathParameters["id"]`.
    public var pathParameters: [String: String]
    /// The route pattern that matched, e.g. "/v1/declarations/{id}" (for metrics), or "unmatched".
    public var routePattern: String
    /// The X-Request-Id taken from the request when sane, otherwise generated; echoed in the response.
    public var requestID: String
    /// "203.0.113.9:51234" or "[2001:db8::1]:51234".
    public var peerAddress: String
    /// The verified TLS client certificate, when the connection is TLS and the client sent one.
    public var peerCertificate: PeerCertificate?

    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPFields = HTTPFields(),
                body: [UInt8] = [], pathParameters: [String: String] = [:], routePattern: String = "unmatched",
                requestID: String = "test", peerAddress: String = "127.0.0.1:0", peerCertificate: PeerCertificate? = nil) {
        self.method = method
        self.target = target
        (self.path, self.rawQuery) = HTTPRequest.splitTarget(target)
        self.version = version
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.routePattern = routePattern
        self.requestID = requestID
        self.peerAddress = peerAddress
        self.peerCertificate = peerCertificate
    }

    /// Query parameters, percent-decoded ("+" is a space), in order.
    public var query: QueryParameters { QueryParameters(parsing: rawQuery) }

    /// Splits a request-target into path and query; drops a fragment; reduces absolute-form
    /// ("http://host/p?q") to its path.
    static func splitTarget(_ target: String) -> (path: String, query: String) {
        var t = Substring(target)
        if let hash = t.firstIndex(of: "#") { t = t[..<hash] }
        if !t.hasPrefix("/"), let scheme = t.range(of: "://") {
            let afterAuthority = t[scheme.upperBound...]
            if let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                t = afterAuthority[slash...]
                if t.hasPrefix("?") { return ("/", String(t.dropFirst())) }
            } else {
                return ("/", "")
            }
        }
        if let q = t.firstIndex(of: "?") {
            return (String(t[..<q]), String(t[t.index(after: q)...]))
        }
        return (String(t), "")
    }
}
