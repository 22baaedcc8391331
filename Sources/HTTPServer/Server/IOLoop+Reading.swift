// Reading and parsing: socket (or TLS) bytes go to the parser straight from the loop's read
// buffer; only what is left over (a partial head, pipelined requests) is copied into the
// connection. Parsing stops at the end of each request until its response is written.

extension IOLoop {
    /// Reads and parses for as long as the connection wants input and the socket has bytes.
    func pump(_ c: Connection) {
        while !c.isClosed {
            if c.lingerDeadline != nil {
                drainLingering(c)
                return
            }
            guard c.acceptsInput else { return }
            if c.inboundDirty {
                c.inboundDirty = false
                processInbound(c)
                continue
            }
            guard c.readable else { return }
            if c.tls != nil { readTLS(c) } else { readPlain(c) }
        }
    }

    private func readPlain(_ c: Connection) {
        switch Socket.receive(c.fd, into: readBuffer) {
        case .bytes(let n):
            // A read that did not fill the buffer emptied the socket: anything arriving later
            // raises a fresh edge-triggered event, so the usual recv that only says EAGAIN (a
            // third of the system calls of a keep-alive request) is skipped.
            if n < readBuffer.count { c.readable = false }
            received(c, UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
        case .wouldBlock:
            c.readable = false
        case .endOfStream:
            c.readable = false
            endOfInput(c)
        case .failed:
            close(c)
        }
    }

    func endOfInput(_ c: Connection) {
        c.inputClosed = true
        if c.machine.endOfInput(now: .now()) == .closeConnection { close(c) }
    }

    /// New plaintext bytes for the parser.
    func received(_ c: Connection, _ bytes: UnsafeRawBufferPointer) {
        guard c.acceptsInput else {
            c.inbound.append(contentsOf: bytes)
            return
        }
        if c.machine.state.isIdle { startRequest(c) }
        if c.inbound.isEmpty {
            let consumed = drive(c, bytes.assumingMemoryBound(to: UInt8.self))
            if consumed < bytes.count { c.inbound.append(contentsOf: bytes[consumed...]) }
        } else {
            c.inbound.append(contentsOf: bytes)
            processInbound(c)
        }
    }

    /// Parses the connection's buffered bytes.
    func processInbound(_ c: Connection) {
        guard !c.inbound.isEmpty else { return }
        if c.machine.state.isIdle { startRequest(c) }
        let buffer = c.inbound
        c.inbound = []  // handlers run inside drive; the buffer is ours meanwhile
        let consumed = buffer.withUnsafeBufferPointer { drive(c, $0) }
        if consumed == 0 {
            c.inbound = buffer
        } else if consumed < buffer.count {
            c.inbound = Array(buffer[consumed...])
        }
    }

    private func startRequest(_ c: Connection) {
        _ = c.machine.bytesReceived(now: .now())
        c.requestStart = .now()
    }

    /// Runs the parser over `buffer` while the connection accepts input; returns bytes consumed.
    private func drive(_ c: Connection, _ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        while !c.isClosed && c.acceptsInput {
            let (event, used) = c.parser.parse(UnsafeBufferPointer(rebasing: buffer[offset...]))
            switch event {
            case .needMoreData:
                return offset + used
            case .head(let head):
                offset += used
                onHead(c, head)
            case .body(let range):
                c.body.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[(offset + range.lowerBound)..<(offset + range.upperBound)]))
                offset += used
            case .end:
                offset += used
                onRequestComplete(c)
                // Bytes after this request wait for its response; then pipelining resumes here.
                if c.machine.state.isIdle && offset < buffer.count { startRequest(c) }
            case .error(let error):
                offset += used
                respondToParseError(c, error)
                return offset
            }
        }
        return offset
    }

    /// After the final response of a closing connection: discard input until the client closes.
    private func drainLingering(_ c: Connection) {
        while c.readable && !c.isClosed {
            switch Socket.receive(c.fd, into: readBuffer) {
            case .bytes(let n):
                c.lingerBytes += n
                if c.lingerBytes > 1 << 20 { close(c) }
            case .wouldBlock:
                c.readable = false
            case .endOfStream, .failed:
                close(c)
            }
        }
    }
}
