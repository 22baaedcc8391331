import Foundation
import TestSupport

/// A migrated database, the real daemon on it, and a carrier with an API key made by the CLI.
final class CarrierTestBed: @unchecked Sendable {
    let db: TestDatabase
    private(set) var daemon: DaemonProcess
    let key: String

    init(environment: [String: String] = [:]) throws {
        db = try TestDatabase.create()
        var env = environment
        env["SMARTGATE_DATABASE_URL"] = db.url
        self.environment = env
        daemon = try DaemonProcess(environment: env)
        key = try Self.addCarrier("Carrier \(UUID().uuidString.prefix(8))", databaseURL: db.url)
    }

    private let environment: [String: String]

    deinit { daemon.stop(signal: SIGKILL) }

    func close() {
        daemon.stop()
        db.drop()
    }

    /// Starts a new daemon on the same database (after the old one was killed).
    func restart() throws {
        daemon = try DaemonProcess(environment: environment)
    }

    var port: Int { daemon.port }

    /// `smartgate carrier add NAME`; the key is the last line of its output.
    static func addCarrier(_ name: String, databaseURL: String) throws -> String {
        let result = try smartgate(["carrier", "add", name], databaseURL: databaseURL)
        guard result.status == 0, let last = result.stdout.split(separator: "\n").last, last.hasPrefix("sgk_") else {
            throw TestBedError(message: "carrier add failed (\(result.status)): \(result.stdout) \(result.stderr)")
        }
        return String(last)
    }

    static func smartgate(_ arguments: [String], databaseURL: String) throws -> ProcessResult {
        try runProcess(try Repository.smartgateBinary(), arguments, environment: [
            "SMARTGATE_DATABASE_URL": databaseURL, "SMARTGATE_LOG_LEVEL": "warning",
        ], currentDirectory: Repository.root)
    }

    func post(_ path: String = "/v1/declarations", body: [UInt8], key: String? = nil, idempotencyKey: String? = nil,
              contentType: String = "application/json") throws -> HTTPTestResponse {
        var headers = [("Authorization", "Bearer \(key ?? self.key)"), ("Content-Type", contentType)]
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        return try httpRequest(port: port, method: "POST", path: path, headers: headers, body: body)
    }

    func get(_ path: String, key: String? = nil) throws -> HTTPTestResponse {
        try httpRequest(port: port, path: path, headers: [("Authorization", "Bearer \(key ?? self.key)")])
    }

    /// `smartgate officer add NAME --role ROLE`; the token is the last line of its output.
    func addOfficer(_ name: String, role: String) throws -> String {
        let result = try Self.smartgate(["officer", "add", name, "--role", role], databaseURL: db.url)
        guard result.status == 0, let last = result.stdout.split(separator: "\n").last, last.hasPrefix("sgo_") else {
            throw TestBedError(message: "officer add failed (\(result.status)): \(result.stdout) \(result.stderr)")
        }
        return String(last)
    }

    /// A request with a bearer token (an officer's or a carrier's) and an optional JSON body.
    func call(_ method: String, _ path: String, token: String, json: String? = nil) throws -> HTTPTestResponse {
        var headers = [("Authorization", "Bearer \(token)")]
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try httpRequest(port: port, method: method, path: path, headers: headers, body: Array((json ?? "").utf8))
    }

    func count(_ sql: String) throws -> Int {
        let connection = try db.connect()
        defer { connection.close() }
        return try connection.query(.init(stringLiteral: sql))[0].decode(Int.self, column: "n")
    }
}

/// Declaration bodies valid today at the crossing (dates relative to today in Vietnam).
enum DeclarationBody {
    static func today(offset days: Int = 0) -> String { vietnamDate(offset: days) }

    /// The brief's example; `variant` changes the quantity so bodies differ.
    /// The test ruleset (Tests/Rulesets/test-rules.json) sends durian (08109010) to yellow, plate
    /// 12C-999.99 to red and Lao origin to red; mangoes (08045020) of Vietnamese origin go green.
    static func valid(variant: Int = 0, crossing: String = "HUU_NGHI", hsCode: String = "08109010", origin: String = "VN",
                      plate: String = "12C-123.45", taxCode: String = "4900567896") -> [UInt8] {
        Array("""
        {"direction": "export", "crossing": "\(crossing)", "plannedCrossingOn": "\(today(offset: 1))",
         "trader": {"taxCode": "\(taxCode)", "name": "Công ty TNHH Xuất nhập khẩu Lạng Sơn", "country": "VN"},
         "vehicle": {"plate": "\(plate)", "plateCountry": "VN", "trailerPlate": "12R-012.34", "kind": "tractor_trailer",
                     "containers": [{"number": "MSCU1234566", "seal": "VN123456"}]},
         "driver": {"fullName": "Nguyễn Văn An", "nationality": "VN", "birthDate": "1985-04-12",
                    "document": {"type": "passport", "number": "C1234567", "expiresOn": "2031-05-01"},
                    "licence": {"number": "120123456789", "class": "FC", "expiresOn": "2029-01-01"}},
         "goods": [{"hsCode": "\(hsCode)", "description": "Sầu riêng tươi", "quantity": \(18000 + variant), "unit": "KGM",
                    "grossKg": 19500, "netKg": 18000, "value": 54000, "currency": "USD", "origin": "\(origin)"}],
         "quarantine": {"driverHealth": {"declaredOn": "\(today())", "fever": false, "symptoms": []},
                        "certificates": [{"kind": "phytosanitary", "number": "PC-2026-0001", "issuer": "Plant Protection Department",
                                          "country": "VN", "issuedOn": "\(today(offset: -2))", "expiresOn": "\(today(offset: 28))", "goodsLines": [0]}]}}
        """.utf8)
    }
}

extension HTTPTestResponse {
    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    var id: String? { object["id"] as? String }
}

/// Runs `body(i)` on `count` threads at once; results in order.
func onThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let results = Collected<T>(count)
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            results.set(index, body(index))
            group.leave()
        }.start()
    }
    group.wait()
    return results.values
}

final class Collected<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]
    init(_ count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.withLock { storage[index] = value } }
    var values: [T] { lock.withLock { storage.map { $0! } } }
}

struct TestBedError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
