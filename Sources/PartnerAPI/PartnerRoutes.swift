import HTTPServer

/// The partner listener's API (Docs/exchange-protocol.md). The manifests are blocking (PostgreSQL);
/// a pushed message runs on the I/O thread while the caches can answer and moves to a worker
/// when they cannot (`PartnerHandlers.message`).
public enum PartnerRoutes {
    /// A declaration message is bounded like a carrier's declaration, plus its envelope.
    public static let messageBodyLimit = 2 << 20

    public static func register(on router: inout Router, handlers: PartnerHandlers) {
        router.get("/partner/v1/manifests") { try handlers.manifests($0) }
        router.post("/partner/v1/messages", bodyLimit: messageBodyLimit, blocking: false, deferring: { try handlers.message($0, $1) })
    }
}
