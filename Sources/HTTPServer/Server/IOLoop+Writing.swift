import Logging
import TLS

// Writing: the head is serialised into the loop's reusable buffer and sent together with the
// body in one sendmsg (two iovecs, no body copy). Only what the socket does not take is copied
// into the connection, to be flushed on EPOLLOUT.

extension IOLoop {
    func sendResponse(_ c: Connection, _ prepared: PreparedResponse) {
        guard !c.isClosed, let exchange = c.exchange else { return }
        let now = MonotonicTime.now()
        guard case .write(let thenClose, _) = c.machine.responseReady(now: now, keepAlive: exchange.keepAlive) else { return }
        let omitBody = exchange.isHead || prepared.status.forbidsContent
        serializeHead(prepared, exchange, close: thenClose)
        let body = omitBody ? [] : prepared.body
        record(exchange, prepared, bytes: body.count, now: now, peer: c.peer)
        c.exchange = nil
        core.gauges.inFlight.wrappingSubtract(1, ordering: .relaxed)
        c.responsePending = true
        write(c, headBuffer, body)
    }

    private func serializeHead(_ p: PreparedResponse, _ e: ExchangeRecord, close: Bool) {
        headBuffer.removeAll(keepingCapacity: true)
        func add(_ s: String) { headBuffer.append(contentsOf: s.utf8) }
        func crlf() { headBuffer.append(0x0D); headBuffer.append(0x0A) }
        add("HTTP/1.1 ")
        add(String(p.status.code))
        headBuffer.append(0x20)
        add(p.status.reasonPhrase)
        crlf()
        add("Date: ")
        headBuffer.append(contentsOf: dateCache.current())
        crlf()
        add("Server: ")
        headBuffer.append(contentsOf: core.serverHeader)
        crlf()
        if !p.status.forbidsContent {
            if p.chunked {
                add("Transfer-Encoding: chunked")
            } else {
                add("Content-Length: ")
                add(String(p.body.count))
            }
            crlf()
        }
        add("X-Request-Id: ")
        add(e.requestID)
        crlf()
        if close {
            add("Connection: close")
            crlf()
        } else if e.isHTTP10 {
            add("Connection: keep-alive")
            crlf()
        }
        p.headers.serialize(into: &headBuffer, skipping: HTTPFields.framingFieldNames)
        crlf()
    }

    private func record(_ e: ExchangeRecord, _ p: PreparedResponse, bytes: Int, now: MonotonicTime, peer: String) {
        let duration = now.since(e.start)
        core.configuration.requestObserver?(RequestMetrics(method: e.method, route: p.routePattern, status: p.status.code,
                                                          duration: duration, bytesSent: bytes))
        logger.info("\(e.method) \(e.path) \(p.status.code)", metadata: [
            "method": "\(e.method)", "path": "\(e.path)", "status": "\(p.status.code)", "bytes": "\(bytes)",
            "durationMs": "\(Double(duration.nanosecondsClamped) / 1e6)", "requestId": "\(e.requestID)", "peer": "\(peer)",
        ])
    }

    /// Writes bytes (through TLS when the connection has it).
    func write(_ c: Connection, _ a: [UInt8], _ b: [UInt8]) {
        guard !c.isClosed else { return }
        if let tls = c.tls {
            do {
                try a.withUnsafeBytes { try tls.write(plaintext: $0) }
                if !b.isEmpty { try b.withUnsafeBytes { try tls.write(plaintext: $0) } }
            } catch {
                logger.debug("TLS write failed", metadata: ["peer": "\(c.peer)", "error": "\(error)"])
                close(c)
                return
            }
            queue(c, tls.drainCiphertext(), [])
        } else {
            queue(c, a, b)
        }
    }

    /// Sends at once what the socket takes; keeps the rest for EPOLLOUT.
    func queue(_ c: Connection, _ a: [UInt8], _ b: [UInt8]) {
        if c.outbound.isEmpty {
            let result = a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in Socket.send(c.fd, pa, pb) } }
            switch result {
            case .bytes(let n):
                if n < a.count {
                    c.outbound.append(contentsOf: a[n...])
                    c.outbound.append(contentsOf: b)
                } else if n < a.count + b.count {
                    c.outbound.append(contentsOf: b[(n - a.count)...])
                }
            case .wouldBlock:
                c.outbound.append(contentsOf: a)
                c.outbound.append(contentsOf: b)
            case .endOfStream, .failed:
                close(c)
                return
            }
        } else {
            c.outbound.append(contentsOf: a)
            c.outbound.append(contentsOf: b)
        }
        if c.outbound.isEmpty { outputDrained(c) }
    }

    func flushOutbound(_ c: Connection) {
        while c.outboundOffset < c.outbound.count {
            let result = c.outbound.withUnsafeBytes { o in
                Socket.send(c.fd, UnsafeRawBufferPointer(rebasing: o[c.outboundOffset...]), UnsafeRawBufferPointer(start: nil, count: 0))
            }
            switch result {
            case .bytes(let n): c.outboundOffset += n
            case .wouldBlock: return
            case .endOfStream, .failed:
                close(c)
                return
            }
        }
        c.outbound = []  // release: an idle connection keeps no buffer
        c.outboundOffset = 0
        outputDrained(c)
    }

    /// Everything queued reached the socket. If that was a final response, the exchange is over.
    private func outputDrained(_ c: Connection) {
        guard c.responsePending else { return }  // an interim 100 Continue, or TLS records
        c.responsePending = false
        switch c.machine.writeCompleted(now: .now()) {
        case .closeConnection:
            lingeringClose(c)
        case .resumeReading:
            if !c.inbound.isEmpty { c.inboundDirty = true }
        default:
            break
        }
    }

    /// Half-closes after the last response and drains input for a moment, so the client reads
    /// the response instead of a reset caused by its unread bytes.
    private func lingeringClose(_ c: Connection) {
        if c.inputClosed {
            close(c)
            return
        }
        if let tls = c.tls {
            tls.close()
            let alert = tls.drainCiphertext()
            alert.withUnsafeBytes { a in _ = Socket.send(c.fd, a, UnsafeRawBufferPointer(start: nil, count: 0)) }
        }
        Socket.shutdownWrite(c.fd)
        c.inbound = []
        c.lingerDeadline = .now() + .seconds(2)
        c.readable = true
    }
}
