import Foundation
import TestSupport

/// A throwaway PKI made with the `openssl` command line, once per test run, in a temporary
/// directory removed at exit:
/// - `ca`: the CA that issues the server and the good client certificates;
/// - `server`: CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1;
/// - `client`: O=China Customs, CN=nanning, signed by `ca`;
/// - `vietnameseClient`: a UTF-8 subject, signed by `ca`;
/// - `otherCA` and `rogueClient`: a second CA and a client certificate it signed.
struct TestPKI: Sendable {
    struct FixtureError: Error, CustomStringConvertible, Sendable {
        let description: String
    }

    let directory: String
    var caFile: String { path("ca.pem") }
    var serverCertificate: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var clientCertificate: String { path("client.pem") }
    var clientKey: String { path("client.key") }
    var vietnameseClientCertificate: String { path("vn-client.pem") }
    var vietnameseClientKey: String { path("vn-client.key") }
    var otherCAFile: String { path("other-ca.pem") }
    var rogueClientCertificate: String { path("rogue-client.pem") }
    var rogueClientKey: String { path("rogue-client.key") }

    static let clientSubject = "CN=nanning,O=China Customs"
    static let vietnameseClientSubject = "CN=hữu-nghị,O=Cục Hải quan Lạng Sơn"

    func path(_ name: String) -> String { directory + "/" + name }

    /// The shared fixture; `try TestPKI.shared()` in a test.
    static func shared() throws -> TestPKI { try sharedResult.get() }

    private static let sharedResult: Result<TestPKI, FixtureError> = {
        do {
            let pki = try TestPKI.generate()
            atexit { try? FileManager.default.removeItem(atPath: TestPKI.directoryPath) }
            return .success(pki)
        } catch let error as FixtureError {
            return .failure(error)
        } catch {
            return .failure(FixtureError(description: "\(error)"))
        }
    }()

    private static let directoryPath: String = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("smartgate-tls-tests-\(getpid())-\(UUID().uuidString)")
        return url.path
    }()

    private static let opensslConfig = """
        [req]
        distinguished_name = dn
        [dn]
        [ca_ext]
        basicConstraints = critical, CA:TRUE
        keyUsage = critical, keyCertSign, cRLSign
        subjectKeyIdentifier = hash
        [server_ext]
        basicConstraints = CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = serverAuth
        subjectAltName = DNS:localhost, IP:127.0.0.1
        authorityKeyIdentifier = keyid
        [client_ext]
        basicConstraints = CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = clientAuth
        authorityKeyIdentifier = keyid

        """

    private static func generate() throws -> TestPKI {
        let dir = directoryPath
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let pki = TestPKI(directory: dir)
        try opensslConfig.write(toFile: pki.path("openssl.cnf"), atomically: true, encoding: .utf8)

        func key(_ name: String) throws {
            try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                         "-out", pki.path(name + ".key")])
        }
        func ca(_ name: String, subject: String) throws {
            try key(name)
            try openssl(["req", "-x509", "-new", "-key", pki.path(name + ".key"), "-subj", subject,
                         "-days", "2", "-config", pki.path("openssl.cnf"), "-extensions", "ca_ext",
                         "-out", pki.path(name + ".pem")])
        }
        func leaf(_ name: String, subject: String, issuer: String, extensions: String, serial: Int) throws {
            try key(name)
            try openssl(["req", "-new", "-utf8", "-key", pki.path(name + ".key"), "-subj", subject,
                         "-config", pki.path("openssl.cnf"), "-out", pki.path(name + ".csr")])
            try openssl(["x509", "-req", "-in", pki.path(name + ".csr"),
                         "-CA", pki.path(issuer + ".pem"), "-CAkey", pki.path(issuer + ".key"),
                         "-set_serial", String(serial), "-days", "2",
                         "-extfile", pki.path("openssl.cnf"), "-extensions", extensions,
                         "-out", pki.path(name + ".pem")])
        }

        try ca("ca", subject: "/O=SmartGate Test/CN=SmartGate Test CA")
        try ca("other-ca", subject: "/O=Somebody Else/CN=Other Test CA")
        try leaf("server", subject: "/CN=localhost", issuer: "ca", extensions: "server_ext", serial: 1)
        try leaf("client", subject: "/O=China Customs/CN=nanning", issuer: "ca", extensions: "client_ext", serial: 2)
        try leaf("vn-client", subject: "/O=Cục Hải quan Lạng Sơn/CN=hữu-nghị", issuer: "ca",
                 extensions: "client_ext", serial: 3)
        try leaf("rogue-client", subject: "/O=China Customs/CN=nanning", issuer: "other-ca",
                 extensions: "client_ext", serial: 4)
        return pki
    }

    /// `openssl x509 -noout -fingerprint -sha256` normalised: no colons, lowercase.
    func opensslFingerprint(of certificateFile: String) throws -> String {
        let output = try Self.openssl(["x509", "-noout", "-fingerprint", "-sha256", "-in", certificateFile])
        guard let equals = output.firstIndex(of: "=") else {
            throw FixtureError(description: "unexpected fingerprint output: \(output)")
        }
        return output[output.index(after: equals)...]
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: ":", with: "")
            .lowercased()
    }

    @discardableResult
    static func openssl(_ arguments: [String]) throws -> String {
        let result = try runProcess("openssl", arguments)
        guard result.status == 0 else {
            throw FixtureError(description: "openssl \(arguments.joined(separator: " ")) failed "
                               + "(\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }
}
