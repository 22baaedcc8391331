/// One registered route: method, path pattern, handler and its execution policy.
public struct Route: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse
    /// Answers through the promise, now or later from any thread (`ResponsePromise`); a thrown
    /// error is the answer when the promise was not fulfilled yet.
    public typealias DeferringHandler = @Sendable (HTTPRequest, ResponsePromise) throws -> Void

    enum Body: Sendable {
        case immediate(Handler)
        case deferring(DeferringHandler)
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    public let method: String
    public let pattern: String
    let segments: [Segment]
    /// Largest request body accepted (413 beyond it).
    public let bodyLimit: Int
    /// Blocking handlers run on the worker pool; non-blocking ones run inline on the I/O thread
    /// (no thread hop: health checks, cached answers). A non-blocking handler must never wait.
    public let blocking: Bool
    /// A non-blocking route's request with a larger body runs on a worker all the same: working
    /// through a megabyte would hold the I/O loop's other connections for milliseconds.
    public static let inlineBodyLimit = 64 << 10
    let body: Body

    init(method: String, pattern: String, bodyLimit: Int, blocking: Bool, body: Body) {
        self.method = method
        self.pattern = pattern
        self.segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { s in
            if s.hasPrefix("{") && s.hasSuffix("}") && s.count > 2 { return .parameter(String(s.dropFirst().dropLast())) }
            return .literal(String(s))
        }
        self.bodyLimit = bodyLimit
        self.blocking = blocking
        self.body = body
    }

    /// Matches a raw (still percent-encoded) path; returns decoded parameters, or nil.
    func match(_ pathSegments: [Substring]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var params: [String: String] = [:]
        for (s, p) in zip(segments, pathSegments) {
            switch s {
            case .literal(let l):
                if l != p { return nil }
            case .parameter(let name):
                guard let v = PercentDecoding.decode(p), !v.isEmpty else { return nil }
                params[name] = v
            }
        }
        return params
    }
}
