import HTTPServer

/// The officers' REST API (Docs/openapi.yaml). Every route is blocking: it talks to PostgreSQL.
public enum OfficerRoutes {
    /// Generous for a ruleset with large watch lists; refused with 413 beyond it.
    public static let rulesetBodyLimit = 16 << 20

    public static func register(on router: inout Router, handlers: OfficerHandlers) {
        router.get("/v1/declarations/{id}/decision") { try handlers.decision($0) }
        router.get("/v1/queues/{lane}") { try handlers.queue($0) }
        router.post("/v1/declarations/{id}/claim", bodyLimit: 0) { try handlers.claim($0) }
        router.post("/v1/declarations/{id}/inspections", bodyLimit: 64 * 1024) { try handlers.inspection($0) }
        router.post("/v1/declarations/{id}/override", bodyLimit: 64 * 1024) { try handlers.override($0) }
        router.put("/v1/traders/{taxCode}/authorised-operator", bodyLimit: 64 * 1024) { try handlers.authorisedOperator($0) }
        router.get("/v1/risk/rules/stats") { try handlers.ruleStatistics($0) }
        router.get("/v1/stats/lanes") { try handlers.laneStatistics($0) }
        router.get("/v1/audit") { try handlers.audit($0) }
        router.get("/v1/admin/ruleset") { try handlers.currentRuleset($0) }
        router.put("/v1/admin/ruleset", bodyLimit: rulesetBodyLimit) { try handlers.replaceRuleset($0) }
    }
}
