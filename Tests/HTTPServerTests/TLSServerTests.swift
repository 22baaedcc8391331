import Foundation
import Testing
import TestSupport
import TLS
@testable import HTTPServer

/// TLS on the server's port over real sockets, with certificates made by the openssl command
/// line and curl as the client.
@Suite(.serialized) struct TLSServerTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate, in a temp directory.
    struct Certificates {
        let dir: URL
        var ca: String { dir.appendingPathComponent("ca.pem").path }
        var serverCert: String { dir.appendingPathComponent("server.pem").path }
        var serverKey: String { dir.appendingPathComponent("server.key").path }
        var clientCert: String { dir.appendingPathComponent("client.pem").path }
        var clientKey: String { dir.appendingPathComponent("client.key").path }

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("smartgate-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let script = """
                set -e
                openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=Test CA" \
                  -keyout ca.key -out ca.pem 2>/dev/null
                openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
                  -keyout server.key -out server.csr 2>/dev/null
                printf 'subjectAltName=IP:127.0.0.1\\n' > server.ext
                openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem 2>/dev/null
                openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/O=Nanning Customs/CN=partner-node" \
                  -keyout client.key -out client.csr 2>/dev/null
                printf 'extendedKeyUsage=clientAuth\\n' > client.ext
                openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext -out client.pem 2>/dev/null
                """
            let status = try run("/bin/sh", ["-c", script], in: dir).status
            guard status == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in dir: URL? = nil) throws -> (status: Int32, output: String) {
        let result = try runProcess(tool, arguments, currentDirectory: dir)
        return (result.status, result.stdout)
    }

    static func router() -> Router {
        var router = Router()
        router.get("/whoami", blocking: false) { r in
            let who = r.peerCertificate.map { "\($0.subject)|\($0.sha256Fingerprint)" } ?? "anonymous"
            return HTTPResponse(status: .ok, text: who)
        }
        return router
    }

    func curl(_ port: Int, _ certs: Certificates, clientCertificate: Bool) throws -> (status: Int32, output: String) {
        var args = ["-sS", "--max-time", "5", "--cacert", certs.ca]
        if clientCertificate { args += ["--cert", certs.clientCert, "--key", certs.clientKey] }
        args.append("https://127.0.0.1:\(port)/whoami")
        return try Self.run("/usr/bin/curl", args)
    }

    @Test func servesHTTPSWithoutClientCertificates() throws {
        let certs = try Certificates()
        let tls = try TLSContext(serverCertificateFile: certs.serverCert, privateKeyFile: certs.serverKey)
        try withServer(router: Self.router(), configure: { $0.tls = tls }) { _, port in
            let r = try curl(port, certs, clientCertificate: false)
            #expect(r.status == 0)
            #expect(r.output == "anonymous")
        }
    }

    @Test func handsTheVerifiedClientCertificateToTheHandler() throws {
        let certs = try Certificates()
        let tls = try TLSContext(serverCertificateFile: certs.serverCert, privateKeyFile: certs.serverKey,
                                 clientCertificates: .required(caFile: certs.ca))
        let fingerprint = try Self.run("/usr/bin/openssl", ["x509", "-in", certs.clientCert, "-noout", "-fingerprint", "-sha256"])
            .output.split(separator: "=").last.map { $0.replacingOccurrences(of: ":", with: "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased() } ?? ""
        try withServer(router: Self.router(), configure: { $0.tls = tls }) { _, port in
            let r = try curl(port, certs, clientCertificate: true)
            #expect(r.status == 0)
            #expect(r.output.contains("partner-node"))
            #expect(r.output.lowercased().replacingOccurrences(of: ":", with: "").hasSuffix(fingerprint))
        }
    }

    @Test func requiredModeRefusesAClientWithoutACertificate() throws {
        let certs = try Certificates()
        let tls = try TLSContext(serverCertificateFile: certs.serverCert, privateKeyFile: certs.serverKey,
                                 clientCertificates: .required(caFile: certs.ca))
        try withServer(router: Self.router(), configure: { $0.tls = tls }) { server, port in
            let r = try curl(port, certs, clientCertificate: false)
            #expect(r.status != 0)
            #expect(r.output.isEmpty)
            // The failed handshake closed that connection only; the server still serves others.
            #expect(try curl(port, certs, clientCertificate: true).status == 0)
        }
    }

    @Test func optionalModeLetsAClientWithoutACertificateThroughAnonymously() throws {
        let certs = try Certificates()
        let tls = try TLSContext(serverCertificateFile: certs.serverCert, privateKeyFile: certs.serverKey,
                                 clientCertificates: .optional(caFile: certs.ca))
        try withServer(router: Self.router(), configure: { $0.tls = tls }) { _, port in
            let anonymous = try curl(port, certs, clientCertificate: false)
            #expect(anonymous.status == 0)
            #expect(anonymous.output == "anonymous")
            let identified = try curl(port, certs, clientCertificate: true)
            #expect(identified.output.contains("partner-node"))
        }
    }

    @Test func aPlaintextClientOnTheTLSPortOnlyLosesItsOwnConnection() throws {
        let certs = try Certificates()
        let tls = try TLSContext(serverCertificateFile: certs.serverCert, privateKeyFile: certs.serverKey)
        try withServer(router: Self.router(), configure: { $0.tls = tls }) { _, port in
            let c = try RawClient(port: port)
            c.send("GET /whoami HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(c.isClosedByPeer())
            #expect(try curl(port, certs, clientCertificate: false).output == "anonymous")
        }
    }
}
