import Testing
import TLS

@Suite struct TLSSessionTests {
    // MARK: - Fixtures

    static func serverContext(_ mode: ClientCertificateMode = .none, maximumVersion: TLSVersion? = nil) throws -> TLSContext {
        let pki = try TestPKI.shared()
        return try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey,
                              clientCertificates: mode, maximumVersion: maximumVersion)
    }

    static func clientContext(trusting caFile: String? = nil, certificate: String? = nil, key: String? = nil,
                              maximumVersion: TLSVersion? = nil) throws -> TLSContext {
        let pki = try TestPKI.shared()
        return try TLSContext(clientTrusting: caFile ?? pki.caFile, certificateFile: certificate,
                              privateKeyFile: key, maximumVersion: maximumVersion)
    }

    /// A connected pair, handshake done (or failed: see the outcome).
    static func connect(server: TLSContext, client: TLSContext, serverName: String? = "localhost") throws
        -> (client: TLSSession, server: TLSSession, outcome: InMemoryPump.HandshakeOutcome) {
        let clientSession = try TLSSession(context: client, serverName: serverName)
        let serverSession = try TLSSession(context: server)
        let outcome = InMemoryPump.handshake(client: clientSession, server: serverSession)
        return (clientSession, serverSession, outcome)
    }

    static func exchangeData(_ client: TLSSession, _ server: TLSSession) throws {
        let request = Array("POST /declarations HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".utf8)
        #expect(try InMemoryPump.send(request, from: client, to: server) == request)
        let response = Array("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".utf8)
        #expect(try InMemoryPump.send(response, from: server, to: client) == response)
    }

    // MARK: - Handshake and data

    @Test func aTLS13HandshakeCompletesAndCarriesDataBothWays() throws {
        let (client, server, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext())
        #expect(outcome.succeeded)
        #expect(client.isHandshakeComplete && server.isHandshakeComplete)
        #expect(client.negotiatedVersion == "TLSv1.3")
        #expect(server.negotiatedVersion == "TLSv1.3")
        try Self.exchangeData(client, server)
    }

    @Test func aForcedTLS12HandshakeCompletesWithAnECDHEAEADSuiteAndCarriesDataBothWays() throws {
        let (client, server, outcome) = try Self.connect(server: Self.serverContext(maximumVersion: .tls12),
                                                         client: Self.clientContext())
        #expect(outcome.succeeded)
        #expect(client.negotiatedVersion == "TLSv1.2")
        #expect(server.negotiatedVersion == "TLSv1.2")
        let suite = try #require(server.negotiatedCipherSuite)
        #expect(suite.hasPrefix("ECDHE-") && (suite.contains("GCM") || suite.contains("CHACHA20")))
        try Self.exchangeData(client, server)
    }

    @Test func aClientLimitedToTLS12IsRefusedByATLS13OnlyServer() throws {
        let pki = try TestPKI.shared()
        let server = try TLSContext(serverCertificateFile: pki.serverCertificate, privateKeyFile: pki.serverKey,
                                    minimumVersion: .tls13)
        let (_, _, outcome) = try Self.connect(server: server, client: Self.clientContext(maximumVersion: .tls12))
        #expect(outcome.serverError?.kind == .handshakeFailed)
        #expect(outcome.clientError != nil)
    }

    @Test func theClientSeesTheServerCertificate() throws {
        let (client, server, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext())
        #expect(outcome.succeeded)
        #expect(client.peerCertificate?.subject == "CN=localhost")
        #expect(client.peerCertificate?.issuer == "CN=SmartGate Test CA,O=SmartGate Test")
        #expect(server.peerCertificate == nil)  // .none: no certificate requested
    }

    @Test func sessionTicketsArrivingAfterTheHandshakeAreConsumedByReadPlaintext() throws {
        let (client, _, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext())
        #expect(outcome.succeeded)
        // The TLS 1.3 server sent NewSessionTicket messages after its Finished; the pump has fed
        // them to the client, whose read must digest them without error or data.
        let read = try InMemoryPump.readAvailable(client)
        #expect(read.bytes.isEmpty && !read.closed)
    }

    // MARK: - Client certificates

    @Test(arguments: [TLSVersion.tls12, .tls13])
    func requiredModeRefusesAClientWithoutACertificate(version: TLSVersion) throws {
        let pki = try TestPKI.shared()
        let (client, server, outcome) = try Self.connect(
            server: Self.serverContext(.required(caFile: pki.caFile), maximumVersion: version),
            client: Self.clientContext())
        let serverError = try #require(outcome.serverError)
        #expect(serverError.kind == .peerCertificateRejected)
        #expect(serverError.openSSLErrors.contains { $0.contains("peer did not return a certificate") })
        #expect(!server.isHandshakeComplete)
        // The alert reached the client, which failed too.
        let clientError = try #require(outcome.clientError)
        // TLS 1.3 has a certificate_required alert (116); TLS 1.2 sends handshake_failure (40).
        #expect(clientError.receivedAlert == (version == .tls13 ? 116 : 40))
        #expect(client.peerCertificate == nil || version == .tls13)
    }

    @Test(arguments: [TLSVersion.tls12, .tls13])
    func requiredModeRefusesACertificateFromAnotherCA(version: TLSVersion) throws {
        let pki = try TestPKI.shared()
        let (_, _, outcome) = try Self.connect(
            server: Self.serverContext(.required(caFile: pki.caFile), maximumVersion: version),
            client: Self.clientContext(certificate: pki.rogueClientCertificate, key: pki.rogueClientKey))
        let serverError = try #require(outcome.serverError)
        #expect(serverError.kind == .peerCertificateRejected)
        #expect(serverError.verifyResult == "unable to get local issuer certificate")
        #expect(outcome.clientError?.receivedAlert == 48)  // unknown_ca
    }

    @Test func optionalModeLetsAClientWithoutACertificateThroughWithNoPeerCertificate() throws {
        let pki = try TestPKI.shared()
        let (client, server, outcome) = try Self.connect(server: Self.serverContext(.optional(caFile: pki.caFile)),
                                                         client: Self.clientContext())
        #expect(outcome.succeeded)
        #expect(server.peerCertificate == nil)
        try Self.exchangeData(client, server)
    }

    @Test func optionalModeStillRefusesACertificateFromAnotherCA() throws {
        let pki = try TestPKI.shared()
        let (_, _, outcome) = try Self.connect(
            server: Self.serverContext(.optional(caFile: pki.caFile)),
            client: Self.clientContext(certificate: pki.rogueClientCertificate, key: pki.rogueClientKey))
        #expect(outcome.serverError?.kind == .peerCertificateRejected)
        #expect(outcome.clientError != nil)
    }

    @Test(arguments: ["optional", "required"])
    func aValidClientCertificateExposesItsSubjectAndTheOpenSSLFingerprint(mode: String) throws {
        let pki = try TestPKI.shared()
        let clientMode: ClientCertificateMode = mode == "optional" ? .optional(caFile: pki.caFile) : .required(caFile: pki.caFile)
        let (client, server, outcome) = try Self.connect(
            server: Self.serverContext(clientMode),
            client: Self.clientContext(certificate: pki.clientCertificate, key: pki.clientKey))
        #expect(outcome.succeeded)
        let peer = try #require(server.peerCertificate)
        #expect(peer.subject == TestPKI.clientSubject)
        #expect(peer.sha256Fingerprint == (try pki.opensslFingerprint(of: pki.clientCertificate)))
        #expect(peer.sha256Fingerprint == Digest.hex(Digest.sha256(peer.der)))
        try Self.exchangeData(client, server)
    }

    @Test func aSubjectWithVietnameseCharactersIsReportedAsUTF8() throws {
        let pki = try TestPKI.shared()
        let (_, server, outcome) = try Self.connect(
            server: Self.serverContext(.required(caFile: pki.caFile)),
            client: Self.clientContext(certificate: pki.vietnameseClientCertificate, key: pki.vietnameseClientKey))
        #expect(outcome.succeeded)
        #expect(server.peerCertificate?.subject == TestPKI.vietnameseClientSubject)
    }

    // MARK: - Server verification by the client

    @Test func aClientTrustingTheWrongCAFailsTheHandshake() throws {
        let pki = try TestPKI.shared()
        let (client, _, outcome) = try Self.connect(server: Self.serverContext(),
                                                    client: Self.clientContext(trusting: pki.otherCAFile))
        let clientError = try #require(outcome.clientError)
        #expect(clientError.kind == .peerCertificateRejected)
        #expect(clientError.verifyResult == "unable to get local issuer certificate")
        #expect(outcome.serverError != nil)  // the client's alert reached the server
        #expect(client.peerCertificate == nil)
    }

    @Test func aHostnameMismatchFailsTheHandshake() throws {
        let (_, _, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext(),
                                               serverName: "partner.customs.example")
        let clientError = try #require(outcome.clientError)
        #expect(clientError.kind == .peerCertificateRejected)
        #expect(clientError.verifyResult == "hostname mismatch")
    }

    @Test(arguments: ["localhost", "127.0.0.1"])
    func aNameOrAddressInTheSubjectAltNameVerifies(serverName: String) throws {
        let (_, _, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext(),
                                               serverName: serverName)
        #expect(outcome.succeeded)
    }

    @Test func anIPAddressMissingFromTheCertificateFailsTheHandshake() throws {
        let (_, _, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext(),
                                               serverName: "127.0.0.2")
        #expect(outcome.clientError?.kind == .peerCertificateRejected)
        #expect(outcome.clientError?.verifyResult == "IP address mismatch")
    }

    // MARK: - Framing and partial input

    @Test func aMebibytePayloadSurvivesBeingFedInSmallOddSizedPieces() throws {
        let (client, server, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext())
        #expect(outcome.succeeded)
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let atServer = try InMemoryPump.send(payload, from: client, to: server, pieceSize: 7)
        #expect(atServer.count == payload.count)
        #expect(atServer == payload)
        let atClient = try InMemoryPump.send(payload, from: server, to: client, pieceSize: 13)
        #expect(atClient == payload)
    }

    @Test func aHandshakeFedOneByteAtATimeCompletes() throws {
        let client = try TLSSession(context: Self.clientContext(), serverName: "localhost")
        let server = try TLSSession(context: Self.serverContext())
        for _ in 0..<20 where !(client.isHandshakeComplete && server.isHandshakeComplete) {
            _ = try client.handshake()
            InMemoryPump.move(from: client, to: server, pieceSize: 1)
            _ = try server.handshake()
            InMemoryPump.move(from: server, to: client, pieceSize: 1)
        }
        #expect(client.isHandshakeComplete && server.isHandshakeComplete)
    }

    @Test func drainingIntoASmallBufferHandsOutAllCiphertextInOrder() throws {
        let (client, server, _) = try Self.connect(server: Self.serverContext(), client: Self.clientContext())
        let payload = Array(repeating: UInt8(ascii: "x"), count: 50_000)
        try payload.withUnsafeBytes { try client.write(plaintext: $0) }
        var chunk = [UInt8](repeating: 0, count: 1000)
        var drained = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { client.drainCiphertext(into: $0) }
            if count == 0 { break }
            drained += count
            chunk[..<count].withUnsafeBytes { server.feed(ciphertext: $0) }
        }
        #expect(!client.hasPendingCiphertext)
        #expect(drained > payload.count)
        #expect(try InMemoryPump.readAvailable(server).bytes == payload)
    }

    // MARK: - Close and failure

    @Test func aCleanCloseIsReportedAsClosedOnBothSides() throws {
        let (client, server, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext())
        #expect(outcome.succeeded)
        client.close()
        #expect(client.hasPendingCiphertext)
        InMemoryPump.move(from: client, to: server)
        #expect(try InMemoryPump.readAvailable(server).closed)
        server.close()
        InMemoryPump.move(from: server, to: client)
        #expect(try InMemoryPump.readAvailable(client).closed)
        let error = try #require(throws: TLSError.self) {
            try [UInt8(1)].withUnsafeBytes { try client.write(plaintext: $0) }
        }
        #expect(error.kind == .invalidState)
    }

    @Test func endOfStreamWithoutCloseNotifyIsReportedAsUnexpectedEOF() throws {
        let (client, server, outcome) = try Self.connect(server: Self.serverContext(), client: Self.clientContext())
        #expect(outcome.succeeded)
        let body = Array("partial bo".utf8)
        #expect(try InMemoryPump.send(body, from: client, to: server) == body)
        server.feedEndOfCiphertext()
        let error = try #require(throws: TLSError.self) { try InMemoryPump.readAvailable(server) }
        #expect(error.kind == .unexpectedEOF)
    }

    @Test(arguments: [
        Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8),
        Array(repeating: UInt8(0), count: 64),
        (0..<517).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) },
    ])
    func garbageFedToAServerFailsTheHandshakeWithATLSError(garbage: [UInt8]) throws {
        let server = try TLSSession(context: Self.serverContext())
        garbage.withUnsafeBytes { server.feed(ciphertext: $0) }
        let error = try #require(throws: TLSError.self) { try server.handshake() }
        #expect(error.kind == .handshakeFailed)
        #expect(!error.openSSLErrors.isEmpty)
        // The failure is sticky: the session is not driven again.
        #expect(throws: TLSError.self) { try server.handshake() }
        #expect(throws: TLSError.self) { try InMemoryPump.readAvailable(server) }
        server.close()  // must be harmless after a fatal error
    }

    @Test func plaintextHTTPSentToATLSPortIsRecognisableInTheError() throws {
        let server = try TLSSession(context: Self.serverContext())
        Array("GET / HTTP/1.1\r\n\r\n".utf8).withUnsafeBytes { server.feed(ciphertext: $0) }
        let error = try #require(throws: TLSError.self) { try server.handshake() }
        #expect(error.openSSLErrors.contains { $0.contains("http request") })
    }

    @Test func writingBeforeTheHandshakeCompletesIsRefused() throws {
        let client = try TLSSession(context: Self.clientContext(), serverName: "localhost")
        let error = try #require(throws: TLSError.self) {
            try [UInt8(1)].withUnsafeBytes { try client.write(plaintext: $0) }
        }
        #expect(error.kind == .invalidState)
    }

    @Test func aServerSessionNeedsMoreCiphertextUntilTheClientHelloArrives() throws {
        let server = try TLSSession(context: Self.serverContext())
        #expect(try server.handshake() == false)
        #expect(!server.hasPendingCiphertext)
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try buffer.withUnsafeMutableBytes { try server.readPlaintext(into: $0) } == .wantMoreCiphertext)
        #expect(server.negotiatedVersion == nil)
    }
}
