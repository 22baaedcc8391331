import TLS

/// Moves bytes between a client and a server session in memory, as two sockets would.
enum InMemoryPump {
    struct HandshakeOutcome {
        var clientError: TLSError?
        var serverError: TLSError?
        var succeeded: Bool { clientError == nil && serverError == nil }
    }

    /// Drains `from` and feeds it to `to`, `pieceSize` bytes per feed.
    static func move(from: TLSSession, to: TLSSession, pieceSize: Int = .max) {
        let bytes = from.drainCiphertext()
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + pieceSize)
            bytes[start..<end].withUnsafeBytes { to.feed(ciphertext: $0) }
            start = end
        }
    }

    /// Runs both handshakes to completion or failure, delivering alerts to the other side.
    /// In TLS 1.3 a client finishes before the server has checked its certificate, so a server
    /// refusal reaches the client on its first read: that read is done here too.
    static func handshake(client: TLSSession, server: TLSSession) -> HandshakeOutcome {
        var outcome = HandshakeOutcome()
        for _ in 0..<20 {
            if outcome.clientError == nil {
                do { _ = try client.handshake() } catch { outcome.clientError = error as? TLSError }
            }
            move(from: client, to: server)
            if outcome.serverError == nil {
                do { _ = try server.handshake() } catch { outcome.serverError = error as? TLSError }
            }
            move(from: server, to: client)
            let clientDone = client.isHandshakeComplete || outcome.clientError != nil
            let serverDone = server.isHandshakeComplete || outcome.serverError != nil
            if clientDone && serverDone && !client.hasPendingCiphertext && !server.hasPendingCiphertext {
                break
            }
        }
        if outcome.serverError != nil, outcome.clientError == nil {
            do { _ = try readAvailable(client) } catch { outcome.clientError = error as? TLSError }
        }
        return outcome
    }

    /// Reads plaintext until the session wants more ciphertext or reports close.
    static func readAvailable(_ session: TLSSession) throws -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let result = try buffer.withUnsafeMutableBytes { try session.readPlaintext(into: $0) }
            switch result {
            case .bytes(let count): received += buffer[..<count]
            case .wantMoreCiphertext: return (received, false)
            case .closed: return (received, true)
            }
        }
    }

    /// Writes `payload` on `from`, delivers the ciphertext to `to` in `pieceSize` pieces, reading
    /// after every piece; returns what `to` decrypted.
    static func send(_ payload: [UInt8], from: TLSSession, to: TLSSession, pieceSize: Int = .max) throws -> [UInt8] {
        try payload.withUnsafeBytes { try from.write(plaintext: $0) }
        let ciphertext = from.drainCiphertext()
        var received: [UInt8] = []
        received.reserveCapacity(payload.count)
        var start = 0
        while start < ciphertext.count {
            let end = min(ciphertext.count, start + pieceSize)
            ciphertext[start..<end].withUnsafeBytes { to.feed(ciphertext: $0) }
            start = end
            received += try readAvailable(to).bytes
        }
        return received
    }
}
