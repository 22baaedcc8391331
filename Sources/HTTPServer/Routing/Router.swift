/// Method + path routing with `{name}` parameters. 404 when no pattern matches the path; 405
/// with `Allow` when patterns match but not for this method. HEAD is served by the GET route
/// (same headers, no body) unless a HEAD route exists.
public struct Router: Sendable {
    public enum Match: Sendable {
        case found(Route, parameters: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    public private(set) var routes: [Route] = []
    /// The body limit for routes registered without one, and for draining the body of a
    /// request that will get 404/405 (so keep-alive and pipelining continue).
    public var defaultBodyLimit: Int

    public init(defaultBodyLimit: Int = 1 << 20) {
        self.defaultBodyLimit = defaultBodyLimit
    }

    public mutating func on(_ method: String, _ pattern: String, bodyLimit: Int? = nil, blocking: Bool = true,
                            _ handler: @escaping Route.Handler) {
        routes.append(Route(method: method, pattern: pattern, bodyLimit: bodyLimit ?? defaultBodyLimit,
                            blocking: blocking, body: .immediate(handler)))
    }

    /// A POST whose handler answers through a `ResponsePromise`, so its thread need not wait for
    /// work finished elsewhere (the group commit). Blocking: runs on the worker pool. Non-blocking:
    /// runs on the I/O thread, saving the hop to a worker and back, and must hand anything that
    /// may wait to `ResponsePromise.offload`.
    public mutating func post(_ pattern: String, bodyLimit: Int? = nil, blocking: Bool = true,
                              deferring handler: @escaping Route.DeferringHandler) {
        routes.append(Route(method: "POST", pattern: pattern, bodyLimit: bodyLimit ?? defaultBodyLimit,
                            blocking: blocking, body: .deferring(handler)))
    }

    public mutating func get(_ pattern: String, blocking: Bool = true, _ handler: @escaping Route.Handler) {
        on("GET", pattern, bodyLimit: nil, blocking: blocking, handler)
    }

    public mutating func post(_ pattern: String, bodyLimit: Int? = nil, blocking: Bool = true, _ handler: @escaping Route.Handler) {
        on("POST", pattern, bodyLimit: bodyLimit, blocking: blocking, handler)
    }

    public mutating func put(_ pattern: String, bodyLimit: Int? = nil, blocking: Bool = true, _ handler: @escaping Route.Handler) {
        on("PUT", pattern, bodyLimit: bodyLimit, blocking: blocking, handler)
    }

    public mutating func patch(_ pattern: String, bodyLimit: Int? = nil, blocking: Bool = true, _ handler: @escaping Route.Handler) {
        on("PATCH", pattern, bodyLimit: bodyLimit, blocking: blocking, handler)
    }

    public mutating func delete(_ pattern: String, blocking: Bool = true, _ handler: @escaping Route.Handler) {
        on("DELETE", pattern, bodyLimit: nil, blocking: blocking, handler)
    }

    public mutating func options(_ pattern: String, blocking: Bool = true, _ handler: @escaping Route.Handler) {
        on("OPTIONS", pattern, bodyLimit: nil, blocking: blocking, handler)
    }

    /// Finds the route for a method and a raw path ("/v1/declarations/abc%20d").
    public func match(method: String, path: String) -> Match {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        var headFallback: (Route, [String: String])? = nil
        for route in routes {
            guard let params = route.match(segments) else { continue }
            if route.method == method { return .found(route, parameters: params) }
            if method == "HEAD" && route.method == "GET" && headFallback == nil { headFallback = (route, params) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let (route, params) = headFallback { return .found(route, parameters: params) }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed)
    }
}
