import Customs
import Exchange
import Foundation
import HTTPClient
import HTTPServer
import Signatures
import TLS
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The gateway daemon with its partner listener and outbox on a migrated database, a development
/// PKI made by `.ci/certs`, and `nanning` registered as a partner. The test process plays the
/// Nanning node: it signs with nanning's key and connects with nanning's client certificate.
final class ExchangeTestBed: @unchecked Sendable {
    static let certificates: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sg-exchange-certs-\(getpid())")
        _ = try? runProcess(Repository.root.appendingPathComponent(".ci/certs"), [directory.path])
        return directory
    }()

    let db: TestDatabase
    private(set) var daemons: [DaemonProcess] = []
    let carrierKey: String
    let peerPort: Int
    let environment: [String: String]

    static func file(_ name: String) -> String { certificates.appendingPathComponent(name).path }

    /// - Parameter peerPort: where the gateway's outbox delivers (a port the test may or may not listen on).
    init(peerPort: Int? = nil, environment extra: [String: String] = [:]) throws {
        db = try TestDatabase.create()
        self.peerPort = peerPort ?? freeLocalPort()
        var env = [
            "SMARTGATE_DATABASE_URL": db.url,
            "SMARTGATE_PARTNER_TLS_CERTIFICATE": Self.file("gateway-server.pem"),
            "SMARTGATE_PARTNER_TLS_KEY": Self.file("gateway-server.key"),
            "SMARTGATE_PARTNER_TLS_CLIENT_CA": Self.file("ca.pem"),
            "SMARTGATE_EXCHANGE_SIGNING_KEY": Self.file("gateway-signing.pem"),
            "SMARTGATE_EXCHANGE_CLIENT_CERTIFICATE": Self.file("gateway-client.pem"),
            "SMARTGATE_EXCHANGE_CLIENT_KEY": Self.file("gateway-client.key"),
            "SMARTGATE_EXCHANGE_PARTNER_CA": Self.file("ca.pem"),
            "SMARTGATE_OUTBOX_POLL_MS": "50",
            "SMARTGATE_OUTBOX_MAX_BACKOFF_MS": "300",
            "SMARTGATE_OUTBOX_MAX_ATTEMPTS": "1000",
        ]
        for (key, value) in extra { env[key] = value }
        environment = env
        _ = try Self.smartgate(["migrate"], db.url)
        let added = try Self.smartgate(["partner", "add", "nanning", "--cert", Self.file("nanning-client.pem"),
                                   "--signing-key", Self.file("nanning-signing.pub.pem"), "--url", "https://127.0.0.1:\(self.peerPort)"], db.url)
        guard added.status == 0 else { throw BedError(message: "partner add: \(added.stderr)") }
        let carrier = try Self.smartgate(["carrier", "add", "Lạng Sơn Logistics"], db.url)
        carrierKey = String(carrier.stdout.split(separator: "\n").last ?? "")
        daemons.append(try DaemonProcess(environment: env))
    }

    func startAnotherGateway() throws {
        daemons.append(try DaemonProcess(environment: environment))
    }

    func restart() throws {
        for daemon in daemons { _ = daemon.stop() }
        daemons = [try DaemonProcess(environment: environment)]
    }

    func close() {
        for daemon in daemons { _ = daemon.stop() }
        db.drop()
    }

    var gateway: DaemonProcess { daemons[0] }

    /// The partner port from the ready line (`partner=HOST:PORT`).
    func partnerPort(of daemon: DaemonProcess) -> Int {
        let line = daemon.log.split(separator: "\n").first { $0.contains("SmartGate ready") } ?? ""
        guard let range = line.range(of: #"partner=[^ ]*:(\d+)"#, options: .regularExpression) else { return 0 }
        return Int(line[range].split(separator: ":").last!) ?? 0
    }

    func smartgate(_ arguments: [String]) throws -> ProcessResult {
        try Self.smartgate(arguments, db.url)
    }

    static func smartgate(_ arguments: [String], _ url: String) throws -> ProcessResult {
        try runProcess(try Repository.smartgateBinary(), arguments, environment: [
            "SMARTGATE_DATABASE_URL": url, "SMARTGATE_LOG_LEVEL": "warning",
        ], currentDirectory: Repository.root)
    }

    // MARK: Playing Nanning

    static let nanningKey = try! SigningKey(pemFile: file("nanning-signing.pem"))
    static let gatewayKey = try! VerifyingKey(pem: String(contentsOfFile: file("gateway-signing.pub.pem"), encoding: .utf8))
    static let gatewayKeys = [PartnerKey(key: gatewayKey, validFrom: UTCTimestamp(millisecondsSince1970: 0), validUntil: nil, retiredAt: nil)]

    /// A mutual-TLS connection to the gateway's partner listener as nanning (or as the stranger).
    func connect(as client: String = "nanning-client", daemon: DaemonProcess? = nil) throws -> HTTPClientConnection {
        let tls = try TLSContext(clientTrusting: Self.file("ca.pem"), certificateFile: Self.file("\(client).pem"),
                                 privateKeyFile: Self.file("\(client).key"), minimumVersion: .tls13)
        return try HTTPClientConnection(host: "127.0.0.1", port: partnerPort(of: daemon ?? gateway), tls: tls)
    }

    static func now() -> UTCTimestamp { UTCTimestamp(Date()) }

    /// A signed `declaration` message from nanning with a valid Chinese-side declaration.
    static func declarationMessage(reference: String = UUID().uuidString, key: SigningKey = nanningKey, at: UTCTimestamp = now(),
                                   messageID: UUID = UUID(), document: JSONValue = chineseDeclaration()) throws -> Envelope {
        try Envelope.seal(type: .declaration, payload: ["reference": .string(reference), "declaration": document],
                          from: "nanning", to: "huu-nghi", key: key, at: at, messageID: messageID)
    }

    func post(_ envelope: Envelope, on connection: HTTPClientConnection) throws -> (status: Int, answer: Envelope) {
        try post(envelope.serialized(), on: connection)
    }

    func post(_ bytes: [UInt8], on connection: HTTPClientConnection) throws -> (status: Int, answer: Envelope) {
        let response = try connection.send(HTTPClientRequest(method: "POST", path: "/partner/v1/messages",
                                                             headers: [("Content-Type", "application/json")], body: bytes))
        let answer = try Envelope.parse(response.body)
        try answer.verify(from: "huu-nghi", to: "nanning", keys: Self.gatewayKeys, now: Self.now(), window: .seconds(300))
        return (response.status, answer)
    }

    static func payload(_ envelope: Envelope) -> [String: Any] {
        guard let value = try? envelope.payloadValue() else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(value.serialized()))) as? [String: Any] ?? [:]
    }

    /// A truck of integrated circuits coming in from Pingxiang: 桂F plates, a Chinese driver.
    static func chineseDeclaration(quantity: Int = 120_000) -> JSONValue {
        try! JSONParser.parse("""
        {"direction": "import", "crossing": "HUU_NGHI", "plannedCrossingOn": "\(vietnamDate(offset: 1))",
         "trader": {"taxCode": "914403001922038216", "name": "华为技术有限公司", "country": "CN"},
         "vehicle": {"plate": "桂F12345", "plateCountry": "CN", "trailerPlate": "桂F1234挂", "kind": "tractor_trailer",
                     "containers": [{"number": "CSQU3054383"}]},
         "driver": {"fullName": "王伟", "nationality": "CN", "birthDate": "1949-12-31",
                    "document": {"type": "resident_id", "number": "11010519491231002X"},
                    "licence": {"number": "11010519491231002X", "class": "A2", "expiresOn": "2030-06-30"}},
         "goods": [{"hsCode": "8542310000", "description": "集成电路 integrated circuits", "quantity": \(quantity), "unit": "H87",
                    "grossKg": 850.5, "netKg": 800.25, "value": 1250000.5, "currency": "CNY", "origin": "CN"}],
         "quarantine": {"driverHealth": {"declaredOn": "\(vietnamDate())", "fever": false, "symptoms": []}, "certificates": []}}
        """)
    }

    /// A Vietnamese export of mangoes the test ruleset releases at once (green): it enters the feed and the outbox.
    func submitGreenExport(variant: Int) throws -> String {
        let body = """
        {"direction": "export", "crossing": "HUU_NGHI", "plannedCrossingOn": "\(vietnamDate(offset: 1))",
         "trader": {"taxCode": "4900567896", "name": "Công ty TNHH Xuất nhập khẩu Lạng Sơn", "country": "VN"},
         "vehicle": {"plate": "12C-123.45", "plateCountry": "VN", "trailerPlate": "12R-012.34", "kind": "tractor_trailer", "containers": []},
         "driver": {"fullName": "Nguyễn Văn An", "nationality": "VN", "birthDate": "1985-04-12",
                    "document": {"type": "passport", "number": "C1234567", "expiresOn": "2031-05-01"},
                    "licence": {"number": "120123456789", "class": "FC", "expiresOn": "2029-01-01"}},
         "goods": [{"hsCode": "08045020", "description": "Xoài cát Hòa Lộc", "quantity": \(1000 + variant), "unit": "KGM",
                    "grossKg": 1100, "netKg": 1000, "value": 2500, "currency": "USD", "origin": "VN"}],
         "quarantine": {"driverHealth": {"declaredOn": "\(vietnamDate())", "fever": false, "symptoms": []},
                        "certificates": [{"kind": "phytosanitary", "number": "PC-\(variant)", "issuer": "Plant Protection Department",
                                          "country": "VN", "issuedOn": "\(vietnamDate(offset: -1))", "expiresOn": "\(vietnamDate(offset: 20))", "goodsLines": [0]}]}}
        """
        let response = try httpRequest(port: gateway.port, method: "POST", path: "/v1/declarations",
                                       headers: [("Authorization", "Bearer \(carrierKey)"), ("Content-Type", "application/json")], body: Array(body.utf8))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        guard response.status == 201, object["status"] as? String == "released", let id = object["id"] as? String else {
            throw BedError(message: "submission: \(response.status) \(response.text)")
        }
        return id
    }

    func count(_ sql: String) throws -> Int {
        let connection = try db.connect()
        defer { connection.close() }
        return try connection.query(.init(stringLiteral: sql))[0].decode(Int.self, column: "n")
    }
}

struct BedError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
