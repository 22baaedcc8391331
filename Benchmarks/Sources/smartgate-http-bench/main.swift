import Foundation
import HTTPServer
import Logging

// SmartGate's HTTPServer with the same two routes as hummingbird-reference:
//   GET  /health            -> 200 {"status":"ok"}                 (inline on the I/O thread)
//   POST /v1/declarations   -> decodes the ~1 KB JSON body, 201      (on a worker thread, as the
//                              daemon's database-backed handlers run)

struct GoodsLine: Decodable {
    var hsCode: String
    var description: String
    var quantity: Double
    var unit: String
    var grossKg: Double
    var netKg: Double
    var value: Double
    var currency: String
    var origin: String
}

struct Party: Decodable { var taxCode: String; var name: String; var country: String }
struct Vehicle: Decodable { var plate: String; var plateCountry: String; var trailerPlate: String?; var kind: String }
struct Driver: Decodable { var fullName: String; var nationality: String; var birthDate: String }

struct DeclarationBody: Decodable {
    var direction: String
    var crossing: String
    var plannedCrossingOn: String
    var trader: Party
    var vehicle: Vehicle
    var driver: Driver
    var goods: [GoodsLine]
}

let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 8080
var router = Router()
router.get("/health", blocking: false) { _ in
    HTTPResponse(status: .ok, jsonBytes: Array(#"{"status":"ok"}"#.utf8))
}
router.post("/v1/declarations", bodyLimit: 64 * 1024) { request in
    let declaration = try request.decodeJSON(DeclarationBody.self)
    let body = #"{"id":"\#(declaration.trader.taxCode)-\#(declaration.vehicle.plate)","lines":\#(declaration.goods.count)}"#
    return HTTPResponse(status: .created, jsonBytes: Array(body.utf8))
}
// The same handler inline on the I/O thread: decoding blocks nothing, and Hummingbird runs its
// handler on its event loop, so this is the like-for-like variant.
router.post("/v1/declarations-inline", bodyLimit: 64 * 1024, blocking: false) { request in
    let declaration = try request.decodeJSON(DeclarationBody.self)
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
