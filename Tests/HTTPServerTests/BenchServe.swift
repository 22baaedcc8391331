import Foundation
import Logging
import Testing
@testable import HTTPServer

/// Not a test: with SMARTGATE_HTTP_BENCH_SECONDS set, serves the benchmark routes on port 18080
/// (GET /health inline; POST /declarations decoding a JSON body on a worker, 201) for that long,
/// so an external load generator (wrk) can be pointed at it. Skipped otherwise.
@Suite struct BenchServe {
    struct Declaration: Codable { var id: String; var lines: [[String: String]] }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["SMARTGATE_HTTP_BENCH_SECONDS"] != nil))
    func serveForBenchmark() throws {
        let seconds = Int(ProcessInfo.processInfo.environment["SMARTGATE_HTTP_BENCH_SECONDS"] ?? "0") ?? 0
        var router = Router()
        router.get("/health", blocking: false) { _ in HTTPResponse(status: .ok, jsonBytes: Array("{\"status\":\"ok\"}".utf8)) }
        router.post("/declarations", bodyLimit: 64 * 1024) { req in
            let d = try req.decodeJSON(Declaration.self)
            return HTTPResponse(status: .created, jsonBytes: Array("{\"id\":\"\(d.id)\",\"lines\":\(d.lines.count)}".utf8))
        }
        router.post("/declarations-inline", bodyLimit: 64 * 1024, blocking: false) { req in
            let d = try req.decodeJSON(Declaration.self)
            return HTTPResponse(status: .created, jsonBytes: Array("{\"id\":\"\(d.id)\",\"lines\":\(d.lines.count)}".utf8))
        }
        var config = ServerConfiguration(host: "127.0.0.1", port: 18080)
        config.maxConnections = 20_000
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let server = try HTTPServer(configuration: config, router: router, logger: logger)
        try server.start()
        sleep(UInt32(seconds))
        server.shutdown(deadline: .seconds(2))
    }
}
