import HTTPServer

/// The carriers' REST API (Docs/openapi.yaml). Every route but the submission is blocking: it
/// talks to PostgreSQL. The submission runs on the I/O thread while its caches can answer and
/// moves to a worker when they cannot (`DeclarationHandlers.submit`).
public enum CarrierRoutes {
    /// A declaration body is bounded by the intake's own limit (1 MiB); the server answers 413
    /// beyond it before reading the body.
    public static let declarationBodyLimit = 1 << 20

    public static func register(on router: inout Router, handlers: DeclarationHandlers) {
        router.post("/v1/declarations", bodyLimit: declarationBodyLimit, blocking: false, deferring: { try handlers.submit($0, $1) })
        router.get("/v1/declarations") { try handlers.list($0) }
        router.get("/v1/declarations/{id}") { try handlers.find($0) }
        router.get("/v1/declarations/{id}/versions/{n}") { try handlers.version($0) }
        router.post("/v1/declarations/{id}/amendments", bodyLimit: declarationBodyLimit) { try handlers.amend($0) }
        router.post("/v1/declarations/{id}/cancel", bodyLimit: 0) { try handlers.cancel($0) }
    }
}
