import Testing
import TLS

@Suite struct TLSContextTests {
    @Test func aMatchingCertificateAndKeyMakeAServerContext() throws {
        let pki = try TestPKI.shared()
        _ = try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey)
    }

    @Test func aMismatchedKeyAndCertificateAreRefusedNamingTheKeyFile() throws {
        let pki = try TestPKI.shared()
        let error = try #require(throws: TLSError.self) {
            try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.clientKey)
        }
        #expect(error.kind == .keyCertificateMismatch)
        #expect(error.file == pki.clientKey)
        #expect(error.description.contains(pki.clientKey))
        #expect(error.description.contains(pki.serverCertificate))
        #expect(!error.openSSLErrors.isEmpty)
    }

    @Test func aMissingCertificateFileIsRefusedNamingTheFile() throws {
        let pki = try TestPKI.shared()
        let missing = pki.path("no-such-cert.pem")
        let error = try #require(throws: TLSError.self) {
            try TLSContext(serverCertificateFile: missing, privateKeyFile: pki.serverKey)
        }
        #expect(error.kind == .unreadableFile)
        #expect(error.description.contains(missing))
        #expect(error.description.contains("No such file"))
    }

    @Test func aFileThatIsNotAKeyIsRefusedAsAnInvalidPrivateKey() throws {
        let pki = try TestPKI.shared()
        let error = try #require(throws: TLSError.self) {
            try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.caFile)
        }
        #expect(error.kind == .invalidPrivateKey)
        #expect(error.file == pki.caFile)
    }

    @Test func aFileThatIsNotACertificateIsRefusedAsAnInvalidCertificate() throws {
        let pki = try TestPKI.shared()
        let error = try #require(throws: TLSError.self) {
            try TLSContext(serverCertificateFile: pki.serverKey, privateKeyFile: pki.serverKey)
        }
        #expect(error.kind == .invalidCertificate)
        #expect(error.file == pki.serverKey)
    }

    @Test func aMissingClientCAFileIsRefusedNamingTheFile() throws {
        let pki = try TestPKI.shared()
        let missing = pki.path("no-such-ca.pem")
        let error = try #require(throws: TLSError.self) {
            try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey,
                           clientCertificates: .required(caFile: missing))
        }
        #expect(error.kind == .unreadableFile)
        #expect(error.file == missing)
    }

    @Test func aCAFileWithoutCertificatesIsRefused() throws {
        let pki = try TestPKI.shared()
        let error = try #require(throws: TLSError.self) {
            try TLSContext(clientTrusting: pki.serverKey)
        }
        #expect(error.kind == .invalidCAFile)
        #expect(error.file == pki.serverKey)
    }

    @Test func aMinimumVersionAboveTheMaximumIsRefused() throws {
        let pki = try TestPKI.shared()
        let error = try #require(throws: TLSError.self) {
            try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey,
                           minimumVersion: .tls13, maximumVersion: .tls12)
        }
        #expect(error.kind == .invalidConfiguration)
    }

    @Test func aClientCertificateWithoutItsKeyIsRefused() throws {
        let pki = try TestPKI.shared()
        let error = try #require(throws: TLSError.self) {
            try TLSContext(clientTrusting: pki.caFile, certificateFile: pki.clientCertificate)
        }
        #expect(error.kind == .invalidConfiguration)
    }
}
