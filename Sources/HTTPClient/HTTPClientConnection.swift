import TLS

/// One blocking HTTP/1.1 connection, plain TCP or TLS, carrying requests one at a time
/// (keep-alive, no pipelining: the partner exchange sends one signed message and waits for its
/// verdict before the next, and a pipelined request lost with a dropped connection could not be
/// told apart from one that was processed).
///
/// Every wait is bounded by `timeout`: the TCP connect and the TLS handshake together, then each
/// wait for the socket to accept or deliver bytes (an inactivity timeout, so a large body on a
/// slow but moving link is not cut off; a server trickling a byte per `timeout` is bounded only
/// by `maximumResponseSize`).
///
/// Not thread-safe and not `Sendable` (it owns a `TLSSession`): use it from one thread. A pool
/// hands out whole connections.
public final class HTTPClientConnection {
    public let host: String
    public let port: Int
    public let timeout: Duration
    /// A response larger than this (head, framing and body) fails with `.responseTooLarge`.
    public var maximumResponseSize = 64 << 20

    /// False after `Connection: close`, a body read until close, any error, or `close()`:
    /// then open a new connection.
    public private(set) var isReusable = true

    private let socket: ClientSocket
    private let session: TLSSession?
    /// The Host field for requests that do not set one.
    private let hostField: String
    /// Whether any application data arrived yet. In TLS 1.3 a refusal of our certificate
    /// arrives as an alert on the first read, and is reported as the handshake failure it is.
    private var receivedApplicationData = false
    /// Allocated once per connection (not per read); assigned only after everything that can
    /// fail before them, so a throwing init never leaks them (deinit runs only once every
    /// stored property is set, and then frees them).
    private let readBuffer: UnsafeMutableRawBufferPointer
    private let cipherBuffer: UnsafeMutableRawBufferPointer

    /// Connects to `host:port` and, with `tls`, completes the handshake.
    /// - Parameters:
    ///   - tls: a client context (`TLSContext(clientTrusting:certificateFile:privateKeyFile:)`),
    ///     or nil for plain HTTP.
    ///   - serverName: the name the server certificate must carry and the SNI sent; defaults to
    ///     `host` (an IP literal is matched against the certificate's IP addresses).
    public init(host: String, port: Int, tls: TLSContext?, serverName: String? = nil,
                timeout: Duration = .seconds(10)) throws(HTTPClientError) {
        self.host = host
        self.port = port
        self.timeout = timeout
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let defaultPort = tls == nil ? 80 : 443
        hostField = port == defaultPort ? bracketed : "\(bracketed):\(port)"

        let deadline = ContinuousClock.now + timeout
        socket = try ClientSocket.connect(host: host, port: port, deadline: deadline, timeout: timeout)
        if let tls {
            do {
                session = try TLSSession(context: tls, serverName: serverName ?? host)
            } catch let error as TLSError {
                throw .tlsHandshakeFailed(error)
            } catch {
                throw .tlsHandshakeFailed(TLSError(kind: .invalidConfiguration, operation: "TLSSession.init", message: "\(error)"))
            }
        } else {
            session = nil
        }
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 1)
        cipherBuffer = .allocate(byteCount: 64 * 1024, alignment: 1)
        try handshake(until: deadline)  // on failure deinit closes the socket and frees the buffers
    }

    deinit {
        close()
        readBuffer.deallocate()
        cipherBuffer.deallocate()
    }

    /// The server's verified certificate (nil for plain HTTP).
    public var peerCertificate: PeerCertificate? { session?.peerCertificate }

    /// "TLSv1.3" for a TLS connection.
    public var negotiatedTLSVersion: String? { session?.negotiatedVersion }

    /// Sends close_notify (TLS, without waiting for the server's) and closes the socket.
    /// Idempotent.
    public func close() {
        isReusable = false
        guard socket.fd >= 0 else { return }
        if let session {
            session.close()
            // Best effort and without waiting (a socket that stopped taking bytes is why we may
            // be closing): the socket is closed either way.
            _ = try? flushCiphertext(session, timeout: .zero)
        }
        socket.close()
    }

    /// Sends `request` and reads its whole response. Any error closes the connection.
    public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
        guard isReusable else { throw .connectionNotReusable }
        let head = try request.serializedHead(defaultHost: hostField)
        isReusable = false  // until this exchange ends cleanly
        do {
            var parser = ResponseParser(isHeadRequest: request.isHead, maximumSize: maximumResponseSize)
            // A server may answer before reading the whole body (413, 401) and close; the write
            // then fails but the answer can still be read, so the read goes ahead regardless.
            _ = try write(head, request.body)
            let parsed = try readResponse(&parser)
            isReusable = parsed.keepAlive && parsed.extraBytes == 0 && !request.asksToClose
            if !isReusable { close() }
            return parsed.response
        } catch {
            close()
            throw error
        }
    }

    // MARK: - Exchange

    /// Writes head and body (TLS: encrypted in pieces, so memory stays bounded). Returns false
    /// when the peer closed or reset the connection before taking everything.
    private func write(_ head: [UInt8], _ body: [UInt8]) throws(HTTPClientError) -> Bool {
        // Small bodies go out with the head in one segment; large ones are not copied.
        let together = body.count <= 16 * 1024
        let first = together ? head + body : head
        guard try writePlaintext(first) else { return false }
        return together ? true : try writePlaintext(body)
    }

    private func writePlaintext(_ bytes: [UInt8]) throws(HTTPClientError) -> Bool {
        guard let session else {
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(HTTPClientError) -> Bool in try socket.sendAll(raw, timeout: timeout) }
            }
            return try result.get()
        }
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 64 * 1024)
            do {
                try bytes[offset..<end].withUnsafeBytes { try session.write(plaintext: $0) }
            } catch let error as TLSError {
                throw .tls(error)
            } catch {
                throw .tls(TLSError(kind: .protocolError, operation: "SSL_write_ex", message: "\(error)"))
            }
            guard try flushCiphertext(session) else { return false }
            offset = end
        }
        return true
    }

    /// Reads until the parser has a complete response or the stream ends.
    private func readResponse(_ parser: inout ResponseParser) throws(HTTPClientError) -> ResponseParser.Parsed {
        while true {
            switch try readSome() {
            case .bytes(let count):
                receivedApplicationData = true
                if let parsed = try parser.consume(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count])) {
                    return parsed
                }
            case .end(let clean):
                let response = try parser.finish(clean: clean)
                return ResponseParser.Parsed(response: response, keepAlive: false, extraBytes: 0)
            }
        }
    }

    private enum ReadOutcome {
        case bytes(Int)
        /// `clean`: a TCP FIN on plain HTTP, close_notify on TLS. Not clean: a reset, or TLS
        /// ending without close_notify (the body may have been cut).
        case end(clean: Bool)
    }

    /// Plaintext into `readBuffer`.
    private func readSome() throws(HTTPClientError) -> ReadOutcome {
        guard let session else {
            switch try socket.receive(into: readBuffer, timeout: timeout) {
            case .bytes(let count): return .bytes(count)
            case .endOfStream: return .end(clean: true)
            case .reset: return .end(clean: false)
            }
        }
        var sawEnd = false
        while true {
            let result: TLSReadResult
            do {
                result = try session.readPlaintext(into: readBuffer)
            } catch let error as TLSError {
                _ = try? flushCiphertext(session)  // our alert, if any
                if error.kind == .unexpectedEOF { return .end(clean: false) }
                throw mapTLS(error)
            } catch {
                throw .tls(TLSError(kind: .protocolError, operation: "SSL_read_ex", message: "\(error)"))
            }
            switch result {
            case .bytes(let count):
                return .bytes(count)
            case .closed:
                return .end(clean: true)
            case .wantMoreCiphertext:
                // Reading can produce records to send (a KeyUpdate reply).
                guard try flushCiphertext(session), !sawEnd else { return .end(clean: false) }
                switch try socket.receive(into: cipherBuffer, timeout: timeout) {
                case .bytes(let count):
                    session.feed(ciphertext: UnsafeRawBufferPointer(rebasing: cipherBuffer[0..<count]))
                case .endOfStream:
                    session.feedEndOfCiphertext()
                    sawEnd = true
                case .reset:
                    return .end(clean: false)
                }
            }
        }
    }

    private func mapTLS(_ error: TLSError) -> HTTPClientError {
        if !receivedApplicationData && (error.receivedAlert != nil || error.kind == .peerCertificateRejected
                                         || error.kind == .handshakeFailed) {
            return .tlsHandshakeFailed(error)
        }
        return .tls(error)
    }

    // MARK: - TLS

    /// Runs the handshake to completion, moving ciphertext both ways, within `deadline`.
    private func handshake(until deadline: ContinuousClock.Instant) throws(HTTPClientError) {
        guard let session else { return }
        while true {
            let done: Bool
            do {
                done = try session.handshake()
            } catch let error as TLSError {
                _ = try? flushCiphertext(session)  // the alert tells the server why
                throw .tlsHandshakeFailed(error)
            } catch {
                throw .tlsHandshakeFailed(TLSError(kind: .handshakeFailed, operation: "SSL_do_handshake", message: "\(error)"))
            }
            guard try flushCiphertext(session) else {
                throw .tlsHandshakeFailed(TLSError(kind: .handshakeFailed, operation: "send",
                                                   message: "the server closed the connection during the handshake"))
            }
            if done { return }
            guard try socket.waitReadable(until: deadline) else {
                throw .timeout(phase: .handshake, after: timeout)
            }
            switch try socket.receive(into: cipherBuffer, timeout: timeout) {
            case .bytes(let count):
                session.feed(ciphertext: UnsafeRawBufferPointer(rebasing: cipherBuffer[0..<count]))
            case .endOfStream, .reset:
                throw .tlsHandshakeFailed(TLSError(kind: .unexpectedEOF, operation: "SSL_do_handshake",
                                                   message: "the server closed the connection during the handshake"))
            }
        }
    }

    /// Writes all pending ciphertext. False when the peer has closed or reset the connection.
    private func flushCiphertext(_ session: TLSSession, timeout: Duration? = nil) throws(HTTPClientError) -> Bool {
        while session.hasPendingCiphertext {
            let count = session.drainCiphertext(into: cipherBuffer)
            guard count > 0 else { break }
            guard try socket.sendAll(UnsafeRawBufferPointer(rebasing: cipherBuffer[0..<count]), timeout: timeout ?? self.timeout) else {
                return false
            }
        }
        return true
    }
}
