import DeclarationBody
import Foundation
import HTTPServer
import Logging

// SmartGate's HTTPServer with the same two routes as hummingbird-reference:
//   GET  /health            -> 200 {"status":"ok"}                 (inline on the I/O thread)
//   POST /v1/declarations   -> decodes the ~1 KB JSON body, 201      (on a worker thread, as the
//                              daemon's database-backed handlers run)
// and two variants of the POST: the same handler inline on the I/O thread, and the body built
// from SmartGate's own JSON parser (what the daemon decodes declarations with) on the workers.

let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 8080
var router = Router()
router.get("/health", blocking: false) { _ in
    HTTPResponse(status: .ok, jsonBytes: Array(#"{"status":"ok"}"#.utf8))
}
/// Decodes the body into the shared structs and answers 201, on whichever thread runs it.
let decodeAndAnswer: Route.Handler = { request in
    let declaration = try request.decodeJSON(DeclarationBody.self)
    let body = #"{"id":"\#(declaration.trader.taxCode)-\#(declaration.vehicle.plate)","lines":\#(declaration.goods.count)}"#
    return HTTPResponse(status: .created, jsonBytes: Array(body.utf8))
}
router.post("/v1/declarations", bodyLimit: 64 * 1024, decodeAndAnswer)
// The same handler inline on the I/O thread: decoding blocks nothing, and Hummingbird has no
// separate pool for blocking handlers either, so this is the like-for-like variant.
router.post("/v1/declarations-inline", bodyLimit: 64 * 1024, blocking: false, decodeAndAnswer)
// SmartGate's stack as the daemon runs it: its own parser, then the same structs.
router.post("/v1/declarations-parser", bodyLimit: 64 * 1024) { request in
    let declaration = try DeclarationBody(parsing: request.body)
    let body = #"{"id":"\#(declaration.trader.taxCode)-\#(declaration.vehicle.plate)","lines":\#(declaration.goods.count)}"#
    return HTTPResponse(status: .created, jsonBytes: Array(body.utf8))
}
var logger = Logger(label: "smartgate-http-bench")
logger.logLevel = .warning
var configuration = ServerConfiguration(host: "127.0.0.1", port: port)
configuration.maxConnections = 20_000
if let threads = ProcessInfo.processInfo.environment["IO_THREADS"].flatMap(Int.init) { configuration.ioThreadCount = threads }
if let workers = ProcessInfo.processInfo.environment["WORKERS"].flatMap(Int.init) { configuration.workerCount = workers }
if ProcessInfo.processInfo.environment["YIELD"] == "0" { configuration.yieldsAfterEachWakeUp = false }
let server = try HTTPServer(configuration: configuration, router: router, logger: logger)
try server.start()
while true { sleep(3600) }
