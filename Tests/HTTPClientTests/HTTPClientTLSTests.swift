import Foundation
import Testing
import HTTPClient
import HTTPServer
import TLS

/// Mutual TLS 1.3 against our own server, as the partner exchange uses it, and the ways it must
/// fail: no client certificate, an untrusted server, the wrong server name.
@Suite(.serialized) struct HTTPClientTLSTests {
    static func router() -> Router {
        var router = Router()
        router.get("/whoami", blocking: false) { r in
            let who = r.peerCertificate.map { "\($0.subject)|\($0.sha256Fingerprint)" } ?? "anonymous"
            return HTTPResponse(status: .ok, text: who)
        }
        router.post("/v1/declarations", bodyLimit: 8 << 20) { r in HTTPResponse(status: .created, body: r.body) }
        router.get("/stream") { _ in
            HTTPResponse(status: .ok, stream: { writer in for i in 0..<500 { writer.write("line \(i)\n") } })
        }
        return router
    }

    static func serverContext(_ certs: Certificates, rogue: Bool = false) throws -> TLSContext {
        try TLSContext(serverCertificateFile: rogue ? certs.rogueServerCert : certs.serverCert,
                       privateKeyFile: rogue ? certs.rogueServerKey : certs.serverKey,
                       clientCertificates: .required(caFile: certs.ca), minimumVersion: .tls13)
    }

    static func clientContext(_ certs: Certificates, withCertificate: Bool = true) throws -> TLSContext {
        try TLSContext(clientTrusting: certs.ca,
                       certificateFile: withCertificate ? certs.clientCert : nil,
                       privateKeyFile: withCertificate ? certs.clientKey : nil,
                       minimumVersion: .tls13)
    }

    @Test func mutualTLS13WorksAndTheHandlerSeesTheClientCertificate() throws {
        let certs = try Certificates()
        let fingerprint = try certs.fingerprint(certs.clientCert)
        try withServer(router: Self.router(), configure: { $0.tls = try? Self.serverContext(certs) }) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: Self.clientContext(certs))
            #expect(connection.negotiatedTLSVersion == "TLSv1.3")
            #expect(connection.peerCertificate?.subject == "CN=127.0.0.1")
            #expect(connection.peerCertificate?.sha256Fingerprint == (try certs.fingerprint(certs.serverCert)))
            let response = try connection.send(HTTPClientRequest(path: "/whoami"))
            #expect(response.status == 200)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text == "CN=partner-node,O=Nanning Customs|\(fingerprint)")
        }
    }

    @Test func keepAliveLargeBodiesAndChunkedResponsesWorkOverTLS() throws {
        let certs = try Certificates()
        try withServer(router: Self.router(), configure: { $0.tls = try? Self.serverContext(certs) }) { _, port in
            let connection = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: Self.clientContext(certs))
            let body = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            for _ in 0..<10 {
                let response = try connection.send(HTTPClientRequest(method: "POST", path: "/v1/declarations", body: body))
                #expect(response.status == 201)
                #expect(response.body == body)
            }
            let streamed = try connection.send(HTTPClientRequest(path: "/stream"))
            #expect(String(decoding: streamed.body, as: UTF8.self) == (0..<500).map { "line \($0)\n" }.joined())
            #expect(connection.isReusable)
            connection.close()
            #expect(!connection.isReusable)
        }
    }

    @Test func withoutAClientCertificateARequiringServerRefusesClearlyAndQuickly() throws {
        let certs = try Certificates()
        try withServer(router: Self.router(), configure: { $0.tls = try? Self.serverContext(certs) }) { _, port in
            let start = ContinuousClock.now
            var failure: HTTPClientError?
            do {
                // TLS 1.3: our side finishes the handshake before the server checks for our
                // certificate, so the refusal may come with the connect or with the first read.
                let connection = try HTTPClientConnection(host: "127.0.0.1", port: port,
                                                          tls: Self.clientContext(certs, withCertificate: false),
                                                          timeout: .seconds(5))
                _ = try connection.send(HTTPClientRequest(path: "/whoami"))
            } catch {
                failure = error as? HTTPClientError
            }
            #expect(ContinuousClock.now - start < .seconds(3))
            switch failure {
            case .tlsHandshakeFailed(let tls)?:
                // 116 certificate_required, the alert TLS 1.3 defines for this.
                #expect(tls.receivedAlert == 116, "\(tls)")
                #expect("\(tls)".contains("certificate required"), "\(tls)")
            case .closedBeforeResponse?:
                break  // the server's close overtook its alert (a reset); still no hang
            default:
                Issue.record("expected a TLS refusal, got \(String(describing: failure))")
            }
        }
    }

    @Test func aServerCertificateFromAnUntrustedCAFailsTheHandshakeNamingVerification() throws {
        let certs = try Certificates()
        try withServer(router: Self.router(), configure: { $0.tls = try? Self.serverContext(certs, rogue: true) }) { _, port in
            #expect {
                _ = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: Self.clientContext(certs))
            } throws: { error in
                guard case .tlsHandshakeFailed(let tls) = error as? HTTPClientError else { return false }
                return tls.kind == .peerCertificateRejected && "\(error)".contains("verify")
                    && tls.verifyResult == "unable to get local issuer certificate"
            }
        }
    }

    @Test func aServerCertificateForAnotherNameFailsTheHandshake() throws {
        let certs = try Certificates()
        try withServer(router: Self.router(), configure: { $0.tls = try? Self.serverContext(certs) }) { _, port in
            #expect {
                _ = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: Self.clientContext(certs),
                                             serverName: "nanning.customs.example")
            } throws: { error in
                guard case .tlsHandshakeFailed(let tls) = error as? HTTPClientError else { return false }
                return tls.kind == .peerCertificateRejected && tls.verifyResult?.contains("mismatch") == true
            }
        }
    }

    @Test func aPlainHTTPServerOnTheOtherEndFailsTheHandshakeWithoutHanging() throws {
        let certs = try Certificates()
        try withServer(router: Self.router()) { _, port in
            let start = ContinuousClock.now
            #expect {
                _ = try HTTPClientConnection(host: "127.0.0.1", port: port, tls: Self.clientContext(certs), timeout: .seconds(5))
            } throws: { error in
                guard case .tlsHandshakeFailed = error as? HTTPClientError else { return false }
                return true
            }
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }
}
