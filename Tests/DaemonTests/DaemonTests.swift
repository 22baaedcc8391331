import Foundation
import Testing
import TestSupport

/// The real daemon binary, as an operator runs it.
@Suite struct DaemonTests {
    @Test func servesHealthAndMetricsAndStopsCleanlyOnSIGTERM() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let daemon = try DaemonProcess(environment: ["SMARTGATE_DATABASE_URL": db.url])
        let live = try httpRequest(port: daemon.port, path: "/health/live")
        #expect(live.status == 200)
        #expect(live.header("X-Request-Id")?.isEmpty == false)
        let ready = try httpRequest(port: daemon.port, path: "/health/ready", headers: [("X-Request-Id", "probe-1")])
        #expect(ready.status == 200)
        #expect(ready.header("X-Request-Id") == "probe-1")
        let missing = try httpRequest(port: daemon.port, path: "/v1/nothing-here")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/problem+json")
        let metrics = try httpRequest(port: daemon.port, path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains(#"smartgate_http_requests_total{method="GET",route="/health/ready",status="200"} 1"#))
        #expect(metrics.text.contains(#"route="unmatched",status="404""#))
        #expect(metrics.text.contains("smartgate_http_request_duration_seconds_bucket"))
        #expect(metrics.text.contains("smartgate_http_open_connections"))
        #expect(metrics.text.contains("smartgate_http_worker_queue_depth"))
        #expect(daemon.stop(signal: SIGTERM) == 0)
        #expect(daemon.log.contains("stopped"))
        // The migrations ran at start.
        let connection = try db.connect()
        #expect(try connection.query("SELECT count(*) AS n FROM schema_migrations")[0].decode(Int.self, column: "n") >= 1)
    }

    @Test func readinessFollowsPostgreSQLAndTheDaemonSurvivesItsRestart() throws {
        let cluster = try PrivateCluster()
        let daemon = try DaemonProcess(environment: ["SMARTGATE_DATABASE_URL": cluster.url, "SMARTGATE_DATABASE_POOL_SIZE": "2"])
        #expect(try httpRequest(port: daemon.port, path: "/health/ready").status == 200)
        try cluster.stop()
        let down = try httpRequest(port: daemon.port, path: "/health/ready")
        #expect(down.status == 503)
        #expect(down.text.contains("database_unavailable"))
        #expect(try httpRequest(port: daemon.port, path: "/health/live").status == 200)
        try cluster.start()
        // Same daemon process, no restart: the pool replaces its dead connections.
        #expect(try httpRequest(port: daemon.port, path: "/health/ready").status == 200)
        #expect(daemon.stop() == 0)
    }

    @Test func aDaemonThatCannotReachPostgreSQLAtStartExitsWithTheReason() throws {
        let result = try runProcess(try Repository.smartgateBinary(), ["serve"], environment: [
            "SMARTGATE_DATABASE_URL": "postgresql://smartgate@127.0.0.1:1/none", "SMARTGATE_HTTP_PORT": "0",
        ], currentDirectory: Repository.root)
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot start"))
        #expect(result.stderr.contains("127.0.0.1"))
    }

    /// With migrate_on_start off, a schema this build has not fully migrated is refused: the
    /// daemon's caches rely on triggers of its own migrations.
    @Test func aDaemonNotAllowedToMigrateRefusesAnOlderSchema() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let result = try runProcess(try Repository.smartgateBinary(), ["serve"], environment: [
            "SMARTGATE_DATABASE_URL": db.url, "SMARTGATE_HTTP_PORT": "0", "SMARTGATE_PARTNER_PORT": "0",
            "SMARTGATE_MIGRATE_ON_START": "false",
        ], currentDirectory: Repository.root)
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot start: the schema lacks"))
        #expect(result.stderr.contains("0006_change_notifications.sql"))
        #expect(result.stderr.contains("smartgate migrate"))
        // Once migrated, the same setting starts it.
        let migrate = try runProcess(try Repository.smartgateBinary(), ["migrate"], environment: ["SMARTGATE_DATABASE_URL": db.url],
                                     currentDirectory: Repository.root)
        #expect(migrate.status == 0)
        let daemon = try DaemonProcess(environment: ["SMARTGATE_DATABASE_URL": db.url, "SMARTGATE_MIGRATE_ON_START": "false"])
        #expect(try httpRequest(port: daemon.port, path: "/health/ready").status == 200)
        #expect(daemon.stop() == 0)
    }
}
