import TLS

// TLS connections: ciphertext from the socket goes into the session; the handshake is driven
// on the I/O thread without blocking (a partial handshake just waits for the next read), and a
// failed handshake closes only that connection. Decrypted bytes take the plain path.

extension IOLoop {
    func readTLS(_ c: Connection) {
        guard let tls = c.tls else { return }
        var ended = false
        switch Socket.receive(c.fd, into: readBuffer) {
        case .bytes(let n):
            tls.feed(ciphertext: UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
        case .wouldBlock:
            c.readable = false
            return
        case .endOfStream:
            c.readable = false
            tls.feedEndOfCiphertext()
            ended = true
        case .failed:
            close(c)
            return
        }
        if !tls.isHandshakeComplete {
            do {
                let done = try tls.handshake()
                flushTLS(c)
                guard done else {
                    if ended { close(c) }
                    return
                }
                c.peerCertificate = tls.peerCertificate
            } catch {
                // The alert explaining the failure is pending: send it, then close this connection only.
                logger.debug("TLS handshake failed", metadata: ["peer": "\(c.peer)", "error": "\(error)"])
                flushTLS(c)
                close(c)
                return
            }
        }
        while !c.isClosed {
            do {
                switch try tls.readPlaintext(into: plaintextBuffer) {
                case .bytes(let n):
                    received(c, UnsafeRawBufferPointer(rebasing: plaintextBuffer[0..<n]))
                    continue
                case .wantMoreCiphertext:
                    break
                case .closed:
                    endOfInput(c)
                }
            } catch {
                logger.debug("TLS read failed", metadata: ["peer": "\(c.peer)", "error": "\(error)"])
                close(c)
                return
            }
            break
        }
        if c.isClosed { return }
        flushTLS(c)
        if ended && !c.inputClosed { endOfInput(c) }
    }

    /// Sends records the session produced on its own (handshake messages, alerts, key updates).
    private func flushTLS(_ c: Connection) {
        guard let tls = c.tls, tls.hasPendingCiphertext, !c.isClosed else { return }
        queue(c, tls.drainCiphertext(), [])
    }
}
