import Customs
import Exchange
import Foundation
import HTTPClient
import TLS

/// One keep-alive mutual-TLS connection to the gateway's partner listener, reopened after any
/// failure. Not thread-safe (like `HTTPClientConnection`): one per thread. `@unchecked Sendable`
/// only so it can be made on one thread and handed to the thread that then alone uses it.
final class GatewayClient: @unchecked Sendable {
    let host: String
    let port: Int
    let tls: TLSContext
    private var connection: HTTPClientConnection?

    init(options: GatewayOptions) throws {
        try options.validateComplete()
        guard let endpoint = HTTPSEndpoint(url: options.gatewayURL!) else {
            throw PeerError("--gateway-url must be https://host:port, not \(options.gatewayURL!)")
        }
        (host, port) = (endpoint.host, endpoint.port)
        tls = try TLSContext(clientTrusting: options.serverCA!, certificateFile: options.clientCert!,
                             privateKeyFile: options.clientKey!, minimumVersion: .tls13)
    }

    func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        if connection == nil || !(connection!.isReusable) {
            connection = try HTTPClientConnection(host: host, port: port, tls: tls, timeout: .seconds(15))
        }
        do {
            return try connection!.send(request)
        } catch {
            connection = nil
            throw error
        }
    }

    func post(_ wire: [UInt8]) throws -> HTTPClientResponse {
        try send(HTTPClientRequest(method: "POST", path: "/partner/v1/messages",
                                   headers: [("Content-Type", "application/json")], body: wire))
    }

    func close() {
        connection?.close()
        connection = nil
    }
}
