import HTTPServer
import PostgresClient

/// Liveness, readiness and metrics for orchestration and monitoring.
enum OpsRoutes {
    static func register(on router: inout Router, pool: PostgresPool, metrics: DaemonMetrics) {
        // Alive as long as the process answers; never touches the database.
        router.get("/health/live", blocking: false) { _ in
            HTTPResponse(status: .ok, jsonBytes: Array(#"{"status":"live"}"#.utf8))
        }
        // Ready when PostgreSQL answers; load balancers stop sending traffic otherwise.
        router.get("/health/ready") { _ in
            do {
                try pool.query("SELECT 1")
                return HTTPResponse(status: .ok, jsonBytes: Array(#"{"status":"ready","database":"ok"}"#.utf8))
            } catch let error as PostgresError {
                throw HTTPError(.serviceUnavailable, code: "database_unavailable",
                                detail: "PostgreSQL is not reachable: \(error.message)",
                                headers: HTTPFields([("Retry-After", "5")]))
            }
        }
        router.get("/metrics") { _ in
            let body = metrics.scrape(pool: pool)
            return HTTPResponse(status: .ok, headers: HTTPFields([("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]), body: body)
        }
    }
}
