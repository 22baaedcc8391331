import COpenSSL

/// One TLS connection as a pure byte transform over two memory BIOs: the caller moves
/// ciphertext between the session and its socket, and plaintext between the session and its
/// protocol code. The session never touches a file descriptor, so any socket loop can carry it.
///
/// ```
/// socket --read--> feed(ciphertext:) --> [SSL] --> readPlaintext(into:) --> HTTP parser
/// socket <-write-- drainCiphertext(into:) <-- [SSL] <-- write(plaintext:) <-- HTTP responses
/// ```
///
/// After every call that can produce records (`handshake`, `readPlaintext`, `write`, `close`),
/// check `hasPendingCiphertext` and drain it to the socket: handshake messages, a TLS 1.3
/// KeyUpdate reply, close_notify and fatal alerts all come out that way.
///
/// Not thread-safe (one `SSL*`): use it from one thread at a time. It is deliberately not
/// `Sendable`; an owner that hands a connection between threads must serialise access itself.
public final class TLSSession {
    private let context: TLSContext
    private let ssl: OpaquePointer
    /// Ciphertext from the network, read by OpenSSL. Owned by `ssl` (SSL_set_bio).
    private let networkIn: OpaquePointer
    /// Ciphertext produced by OpenSSL, for the network. Owned by `ssl`.
    private let networkOut: OpaquePointer
    /// Ciphertext moved out of `networkOut` to get past a WANT_WRITE; handed out first.
    private var spilled: [UInt8] = []
    private var spilledOffset = 0
    /// The first fatal error. OpenSSL must not be driven further after SSL_ERROR_SSL/SYSCALL,
    /// so every later call rethrows it (pending ciphertext, i.e. the alert, can still be drained).
    private var failure: TLSError?
    private var receivedCloseNotify = false
    private var sentCloseNotify = false
    private var peerCertificateCache: PeerCertificate??

    /// Whether this is the accepting (server) side; follows the context.
    public var isServer: Bool { context.isServer }

    /// - Parameter serverName: client sessions only (ignored by server sessions): the name the
    ///   server's certificate must carry, checked during the handshake, and sent as SNI. An IP
    ///   literal ("127.0.0.1", "::1") is matched against IP subjectAltNames and sent without SNI,
    ///   as RFC 6066 requires.
    public init(context: TLSContext, serverName: String? = nil) throws {
        self.context = context
        OpenSSLErrors.clear()
        guard let ssl = SSL_new(context.ctx) else {
            throw TLSError.drainingQueue(.resourceExhausted, "SSL_new", "cannot create an SSL session")
        }
        guard let networkIn = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSError.drainingQueue(.resourceExhausted, "BIO_new", "cannot create a memory BIO")
        }
        guard let networkOut = BIO_new(BIO_s_mem()) else {
            BIO_free(networkIn)
            SSL_free(ssl)
            throw TLSError.drainingQueue(.resourceExhausted, "BIO_new", "cannot create a memory BIO")
        }
        // An empty input BIO means "no bytes yet" (retry, i.e. WANT_READ), not end of stream;
        // that is the mem BIO default, stated here because everything relies on it.
        _ = copenssl_bio_set_mem_eof_return(networkIn, -1)
        SSL_set_bio(ssl, networkIn, networkOut)  // ssl owns both BIOs from here; SSL_free frees them
        self.ssl = ssl
        self.networkIn = networkIn
        self.networkOut = networkOut

        if context.isServer {
            SSL_set_accept_state(ssl)
        } else {
            SSL_set_connect_state(ssl)
            if let serverName {
                try configureServerName(serverName)
            }
        }
    }

    deinit {
        SSL_free(ssl)
    }

    private func configureServerName(_ name: String) throws {
        OpenSSLErrors.clear()
        // X509_VERIFY_PARAM_set1_ip_asc only accepts a valid IPv4/IPv6 literal, so it doubles
        // as the "is this an IP address" test.
        if X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) == 1 {
            return
        }
        OpenSSLErrors.clear()
        // "*.example.com" may match "a.example.com" but never "a-b.example.com"-style partials.
        SSL_set_hostflags(ssl, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        guard SSL_set1_host(ssl, name) == 1 else {
            throw TLSError.drainingQueue(.invalidConfiguration, "SSL_set1_host",
                                         "cannot set the expected server name \"\(name)\"")
        }
        guard copenssl_set_tlsext_host_name(ssl, name) == 1 else {
            throw TLSError.drainingQueue(.invalidConfiguration, "SSL_set_tlsext_host_name",
                                         "cannot set SNI \"\(name)\"")
        }
    }

    // MARK: - Ciphertext in

    /// Bytes read from the socket. Never fails short of memory exhaustion, which is recorded
    /// and reported by the next `handshake`/`readPlaintext`. Ignored once the session has failed.
    public func feed(ciphertext: UnsafeRawBufferPointer) {
        guard failure == nil, var base = ciphertext.baseAddress else { return }
        var remaining = ciphertext.count
        while remaining > 0 {
            let chunk = Int32(clamping: remaining)
            OpenSSLErrors.clear()
            let written = BIO_write(networkIn, base, chunk)
            guard written > 0 else {
                failure = TLSError.drainingQueue(.resourceExhausted, "BIO_write",
                                                 "cannot buffer \(remaining) bytes of incoming ciphertext")
                return
            }
            base += Int(written)
            remaining -= Int(written)
        }
    }

    /// The socket reached end of stream (read returned 0). Once the buffered ciphertext is used
    /// up, `readPlaintext` returns `.closed` if the peer sent close_notify, and otherwise throws
    /// `.unexpectedEOF`: the stream may have been truncated.
    public func feedEndOfCiphertext() {
        _ = copenssl_bio_set_mem_eof_return(networkIn, 0)
    }

    // MARK: - Handshake

    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Drives the handshake with the ciphertext fed so far. Returns true once complete (and on
    /// every later call); false when it needs more ciphertext from the peer. Drain
    /// `drainCiphertext` after each call: a client's first call produces the ClientHello.
    /// Throws `TLSError` (`.peerCertificateRejected`, `.handshakeFailed`...) when the handshake
    /// failed for good; the alert telling the peer why is then pending in `drainCiphertext`.
    public func handshake() throws -> Bool {
        if let failure { throw failure }
        while !isHandshakeComplete {
            OpenSSLErrors.clear()
            let rc = SSL_do_handshake(ssl)
            if rc == 1 { break }
            switch try outcome(of: rc, in: "SSL_do_handshake") {
            case .wantRead:
                return false
            case .wantWrite:
                if !spillOutput() { return false }
            case .closed:
                receivedCloseNotify = true
                let error = TLSError(kind: .handshakeFailed, operation: "SSL_do_handshake",
                                     message: "the peer closed the connection during the handshake")
                failure = error
                throw error
            }
        }
        return true
    }

    // MARK: - Plaintext out

    /// Decrypts what has been fed. Performs (the rest of) the handshake implicitly if it is not
    /// complete yet. Post-handshake messages (TLS 1.3 session tickets, KeyUpdate) are consumed
    /// here and yield `.wantMoreCiphertext` when no application data came with them.
    /// Call repeatedly until it returns `.wantMoreCiphertext`: one feed may hold many records.
    public func readPlaintext(into buffer: UnsafeMutableRawBufferPointer) throws -> TLSReadResult {
        if let failure { throw failure }
        if receivedCloseNotify { return .closed }
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw TLSError(kind: .invalidState, operation: "SSL_read_ex",
                           message: "readPlaintext needs a non-empty buffer")
        }
        while true {
            OpenSSLErrors.clear()
            var count = 0
            let rc = SSL_read_ex(ssl, base, buffer.count, &count)
            if rc == 1 { return .bytes(count) }
            switch try outcome(of: rc, in: "SSL_read_ex") {
            case .wantRead:
                return .wantMoreCiphertext
            case .wantWrite:
                if !spillOutput() { return .wantMoreCiphertext }
            case .closed:
                receivedCloseNotify = true
                return .closed
            }
        }
    }

    // MARK: - Plaintext in

    /// Encrypts all of `plaintext` (in records of at most 16 KiB); the ciphertext waits in
    /// `drainCiphertext`. Memory grows with what is written and not yet drained, so a large
    /// response should be written in pieces, draining to the socket in between.
    /// Throws `.invalidState` before the handshake completes or after `close()`.
    public func write(plaintext: UnsafeRawBufferPointer) throws {
        if let failure { throw failure }
        guard isHandshakeComplete else {
            throw TLSError(kind: .invalidState, operation: "SSL_write_ex",
                           message: "cannot write application data before the handshake completes")
        }
        guard !sentCloseNotify else {
            throw TLSError(kind: .invalidState, operation: "SSL_write_ex",
                           message: "cannot write after close()")
        }
        guard let base = plaintext.baseAddress else { return }
        var offset = 0
        while offset < plaintext.count {
            OpenSSLErrors.clear()
            var written = 0
            let rc = SSL_write_ex(ssl, base + offset, plaintext.count - offset, &written)
            if rc == 1 {
                offset += written  // partial-write mode: one or more records at a time
                continue
            }
            switch try outcome(of: rc, in: "SSL_write_ex") {
            case .wantWrite:
                if !spillOutput() {
                    throw TLSError(kind: .resourceExhausted, operation: "SSL_write_ex",
                                   message: "OpenSSL asked to flush output but none was pending")
                }
            case .wantRead:
                // Only renegotiation makes a write wait for input, and it is disabled.
                throw TLSError(kind: .protocolError, operation: "SSL_write_ex",
                               message: "write needs input from the peer (unexpected renegotiation)")
            case .closed:
                throw TLSError(kind: .invalidState, operation: "SSL_write_ex",
                               message: "the connection is closed")
            }
        }
    }

    // MARK: - Ciphertext out

    /// Bytes of ciphertext waiting to be written to the socket.
    public var pendingCiphertextCount: Int {
        (spilled.count - spilledOffset) + copenssl_bio_pending(networkOut)
    }

    public var hasPendingCiphertext: Bool { pendingCiphertextCount > 0 }

    /// Copies up to `buffer.count` bytes of pending ciphertext out, to be written to the socket.
    /// Returns the count (0 when nothing is pending). What is copied out is the caller's to
    /// deliver: if the socket takes only part, keep the rest and write it when writable.
    public func drainCiphertext(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var copied = 0
        if spilledOffset < spilled.count {
            let count = min(buffer.count, spilled.count - spilledOffset)
            spilled.withUnsafeBytes { source in
                base.copyMemory(from: source.baseAddress! + spilledOffset, byteCount: count)
            }
            spilledOffset += count
            copied = count
            if spilledOffset == spilled.count {
                spilled.removeAll(keepingCapacity: false)
                spilledOffset = 0
            }
        }
        while copied < buffer.count {
            let read = BIO_read(networkOut, base + copied, Int32(clamping: buffer.count - copied))
            guard read > 0 else { break }  // empty: -1 with the retry flag set, no error queued
            copied += Int(read)
        }
        return copied
    }

    /// All pending ciphertext.
    public func drainCiphertext() -> [UInt8] {
        let count = pendingCiphertextCount
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let copied = bytes.withUnsafeMutableBytes { drainCiphertext(into: $0) }
        bytes.removeSubrange(copied...)
        return bytes
    }

    // MARK: - Close

    /// Queues close_notify (drain it to the socket, then close the socket). Does not wait for the
    /// peer's close_notify. Does nothing if the handshake never completed or the session failed
    /// (OpenSSL forbids SSL_shutdown after a fatal error) or close() was already called.
    public func close() {
        guard failure == nil, isHandshakeComplete, !sentCloseNotify else { return }
        sentCloseNotify = true
        while true {
            OpenSSLErrors.clear()
            let rc = SSL_shutdown(ssl)
            if rc >= 0 { return }  // 0: sent, peer's not yet seen; 1: both done
            if SSL_get_error(ssl, rc) == SSL_ERROR_WANT_WRITE, spillOutput() { continue }
            _ = OpenSSLErrors.drain()  // nothing useful to do: the socket is being closed anyway
            return
        }
    }

    // MARK: - Inspection

    /// The peer's verified certificate; nil when none was presented (or before the handshake).
    /// On a server in `.none` mode no certificate is requested, so this is always nil.
    public var peerCertificate: PeerCertificate? {
        if let cached = peerCertificateCache { return cached }
        guard isHandshakeComplete, failure == nil else { return nil }
        var result: PeerCertificate? = nil
        // With SSL_VERIFY_PEER an unverified certificate fails the handshake; checking the
        // verify result as well keeps a future configuration change from exposing one.
        if SSL_get_verify_result(ssl) == Int(X509_V_OK), let x509 = SSL_get1_peer_certificate(ssl) {
            result = PeerCertificate(x509: x509)
            X509_free(x509)  // get1: we hold a reference
        }
        peerCertificateCache = .some(result)
        return result
    }

    /// "TLSv1.3" or "TLSv1.2" once the handshake is complete.
    public var negotiatedVersion: String? {
        guard isHandshakeComplete, let version = SSL_get_version(ssl) else { return nil }
        return String(cString: version)
    }

    /// The cipher suite's OpenSSL name, e.g. "TLS_AES_256_GCM_SHA384", once the handshake is complete.
    public var negotiatedCipherSuite: String? {
        guard isHandshakeComplete, let cipher = SSL_get_current_cipher(ssl),
              let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }

    // MARK: - Error mapping

    private enum Outcome { case wantRead, wantWrite, closed }

    /// Maps SSL_get_error for a failed call (rc <= 0). Must run right after the call: it looks
    /// at the thread's error queue, which was cleared just before the call.
    private func outcome(of rc: Int32, in operation: String) throws -> Outcome {
        let code = SSL_get_error(ssl, rc)
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wantRead
        case SSL_ERROR_WANT_WRITE:
            // Memory BIOs grow on demand, so this should not happen; if it does, move the
            // output aside and retry rather than fail the connection.
            return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        default:
            let error = makeError(code: code, operation: operation)
            failure = error
            throw error
        }
    }

    private func makeError(code: Int32, operation: String) -> TLSError {
        let entries = OpenSSLErrors.drain()
        let reasons = Set(entries.map(\.reason))
        let verify = SSL_get_verify_result(ssl)
        let verifyText: String? = verify == Int(X509_V_OK) ? nil
            : X509_verify_cert_error_string(verify).map { String(cString: $0) }
        let inHandshake = !isHandshakeComplete
        let stage = inHandshake ? "handshake" : "connection"

        let kind: TLSError.Kind
        let message: String
        if reasons.contains(SSL_R_UNEXPECTED_EOF_WHILE_READING) || (code == SSL_ERROR_SYSCALL && entries.isEmpty) {
            kind = .unexpectedEOF
            message = "the transport ended without close_notify during the \(stage)"
        } else if inHandshake && (verifyText != nil
                                  || reasons.contains(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)
                                  || reasons.contains(SSL_R_CERTIFICATE_VERIFY_FAILED)) {
            kind = .peerCertificateRejected
            message = reasons.contains(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE)
                ? "the peer presented no certificate but one is required"
                : "the peer's certificate did not verify"
        } else if inHandshake {
            kind = .handshakeFailed
            message = "the handshake failed"
        } else {
            kind = .protocolError
            message = "fatal TLS error on an established connection"
        }
        // OpenSSL reports a received alert as reason SSL_AD_REASON_OFFSET + alert number.
        let alert = entries.lazy.map { Int($0.reason) - Int(SSL_AD_REASON_OFFSET) }.first { (0...255).contains($0) }
        let side = context.isServer ? "server" : "client"
        return TLSError(kind: kind, operation: operation,
                        message: "\(side): \(alert == nil ? message : message + ", the peer sent a fatal alert")",
                        verifyResult: verifyText, receivedAlert: alert, openSSLErrors: entries.map(\.text))
    }

    /// Moves everything pending in the output BIO aside so OpenSSL can write again.
    /// Returns false when there was nothing to move (no progress possible).
    private func spillOutput() -> Bool {
        let pending = copenssl_bio_pending(networkOut)
        guard pending > 0 else { return false }
        if spilledOffset > 0 {
            spilled.removeFirst(spilledOffset)
            spilledOffset = 0
        }
        let start = spilled.count
        spilled.append(contentsOf: repeatElement(0, count: pending))
        let read = spilled.withUnsafeMutableBytes {
            BIO_read(networkOut, $0.baseAddress! + start, Int32(clamping: pending))
        }
        spilled.removeSubrange((start + max(0, Int(read)))...)
        return read > 0
    }
}
