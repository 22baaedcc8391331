import Customs
import Exchange
import Foundation
import HTTPServer
import Logging
import Signatures
import Synchronization
import TLS

/// A minimal Nanning receiver in the test process, on our HTTPServer with mutual TLS: verifies the
/// gateway's pushes, records every attempt (before dedupe) and answers with signed receipts, or a
/// signed `replayed` error carrying the first receipt.
final class FakeNanning: @unchecked Sendable {
    let server: HTTPServer
    let port: Int
    private let state = Mutex<(attempts: [String], receipts: [String: String], payloads: [JSONValue])>(([], [:], []))

    var attempts: [String] { state.withLock { $0.attempts } }
    var payloads: [JSONValue] { state.withLock { $0.payloads } }
    var stored: Set<String> { state.withLock { Set($0.receipts.keys) } }

    init(port: Int) throws {
        let tls = try TLSContext(serverCertificateFile: ExchangeTestBed.file("nanning-server.pem"),
                                 privateKeyFile: ExchangeTestBed.file("nanning-server.key"),
                                 clientCertificates: .required(caFile: ExchangeTestBed.file("ca.pem")), minimumVersion: .tls13)
        var router = Router()
        let box = Box()
        router.post("/partner/v1/messages", bodyLimit: 4 << 20) { request in
            guard let self = box.owner else { return HTTPResponse(status: .serviceUnavailable, text: "starting") }
            return self.receive(request)
        }
        var logger = Logger(label: "fake-nanning")
        logger.logLevel = .warning
        server = try HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: port, tls: tls), router: router, logger: logger)
        self.port = try server.start()
        box.owner = self
    }

    final class Box: @unchecked Sendable { weak var owner: FakeNanning? }

    func stop() { server.shutdown(deadline: .seconds(2)) }

    private func receive(_ request: HTTPRequest) -> HTTPResponse {
        do {
            let envelope = try Envelope.parse(request.body)
            try envelope.verify(from: "huu-nghi", to: "nanning", keys: ExchangeTestBed.gatewayKeys, now: UTCTimestamp(Date()), window: .seconds(300))
            let id = envelope.messageID.uuidString.lowercased()
            let payload = try envelope.payloadValue()
            let earlier: String? = state.withLock { state in
                state.attempts.append(id)
                state.payloads.append(payload)
                return state.receipts[id]
            }
            if let earlier {
                let error = try Envelope.seal(type: .error, payload: ExchangeMessages.error(.replayed(id), refersTo: envelope.messageID,
                                                                                            extra: ["receipt": try JSONParser.parse(Array(earlier.utf8))]),
                                              from: "nanning", to: "huu-nghi", key: ExchangeTestBed.nanningKey, at: UTCTimestamp(Date()))
                return HTTPResponse(status: .conflict, jsonBytes: error.serialized())
            }
            let receipt = try Envelope.seal(type: .receipt, payload: ExchangeMessages.receipt(for: envelope),
                                            from: "nanning", to: "huu-nghi", key: ExchangeTestBed.nanningKey, at: UTCTimestamp(Date()))
            state.withLock { $0.receipts[id] = String(decoding: receipt.serialized(), as: UTF8.self) }
            return HTTPResponse(status: .created, jsonBytes: receipt.serialized())
        } catch {
            return HTTPResponse(status: .badRequest, text: "\(error)")
        }
    }
}
