import TLS

extension IOLoop {
    /// Accepts a bounded batch (the listening socket is level-triggered, so the rest wake us again)
    /// and gives each connection to the loop holding the fewest. EPOLLEXCLUSIVE wakes one loop per
    /// burst, and a client opening its connections at once (a carrier's pool, wrk) would otherwise
    /// land most of them on that loop (16 opened one after another: 16/0; the benchmark's 64 were
    /// once seen split about 2 to 1; Docs/benchmarks.md, 2026-12-03 17:56 to 19:30 UTC).
    func acceptConnections() {
        for _ in 0..<128 {
            switch Socket.accept(listenFD) {
            case .wouldBlock:
                return
            case .failed(let error):
                // EMFILE/ENFILE: out of descriptors. Logged; the connection waits in the backlog.
                logger.warning("accept failed", metadata: ["error": "\(error)"])
                return
            case .accepted(let fd, let peer):
                if shuttingDown {
                    Socket.close(fd)
                    continue
                }
                let open = core.gauges.connections.wrappingAdd(1, ordering: .relaxed).newValue
                if open > core.configuration.maxConnections {
                    core.gauges.connections.wrappingSubtract(1, ordering: .relaxed)
                    refuseOverLimit(fd, plaintext: core.configuration.tls == nil)
                    continue
                }
                let target = leastLoaded()
                // Counted at once, so the next accept of this burst sees it.
                target.held.wrappingAdd(1, ordering: .relaxed)
                if target === self {
                    adopt(fd, peer: peer)
                } else {
                    target.post { $0.adopt(fd, peer: peer) }
                }
            }
        }
    }

    /// The loop with the fewest connections (this one on a tie: no hand-over).
    private func leastLoaded() -> IOLoop {
        var best = self
        var fewest = held.load(ordering: .relaxed)
        for loop in peers {
            let count = loop.held.load(ordering: .relaxed)
            if count < fewest {
                best = loop
                fewest = count
            }
        }
        return best
    }

    /// Takes an accepted connection (counted in `held` and the connection gauge already) into this
    /// loop: its state, its TLS session, its registration in this loop's epoll.
    func adopt(_ fd: Int32, peer: String) {
        // Handed over while this loop was stopping: nobody would serve it.
        if shuttingDown || !running { return discard(fd) }
        var session: TLSSession? = nil
        if let context = core.configuration.tls {
            do {
                session = try TLSSession(context: context)
            } catch {
                logger.error("cannot create a TLS session", metadata: ["error": "\(error)"])
                return discard(fd)
            }
        }
        let c = Connection(fd: fd, generation: nextGeneration, peer: peer, timeouts: core.configuration.timeouts,
                           limits: core.configuration.parserLimits, tls: session)
        nextGeneration = nextGeneration &+ 1 == 0 ? 1 : nextGeneration &+ 1
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count + 64))
        }
        connections[Int(fd)] = c
        _ = c.machine.opened(now: .now())
        do {
            // Edge-triggered: one wake-up per new readiness; `Connection.readable` remembers the rest.
            try epoll.add(fd, token: c.token, events: LinuxABI.IN | LinuxABI.OUT | LinuxABI.RDHUP | LinuxABI.ET)
        } catch {
            logger.warning("cannot register a connection", metadata: ["error": "\(error)"])
            close(c)
        }
    }

    /// Closes an adopted connection that never got its state, and uncounts it.
    private func discard(_ fd: Int32) {
        Socket.close(fd)
        held.wrappingSubtract(1, ordering: .relaxed)
        core.gauges.connections.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Over the connection limit: answer 503 with `Connection: close` and close, without ever
    /// creating connection state. (TLS connections are just closed: no handshake for refusals.)
    private func refuseOverLimit(_ fd: Int32, plaintext: Bool) {
        if plaintext {
            // Read what already arrived so closing does not reset the connection under the reply.
            _ = Socket.receive(fd, into: readBuffer)
            let body = HTTPError(.serviceUnavailable, code: "too_many_connections",
                                 detail: "The server is at its connection limit; retry shortly.").response(requestID: nil)
            var head = Array("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 1\r\nConnection: close\r\n".utf8)
            let bytes = response503Body(body)
            head.append(contentsOf: "Content-Length: \(bytes.count)\r\n\r\n".utf8)
            head.withUnsafeBytes { h in bytes.withUnsafeBytes { b in _ = Socket.send(fd, h, b) } }
            Socket.shutdownWrite(fd)
        }
        Socket.close(fd)
        logger.warning("connection refused: limit reached", metadata: ["limit": "\(core.configuration.maxConnections)"])
    }

    private func response503Body(_ r: HTTPResponse) -> [UInt8] {
        if case .bytes(let b) = r.body { return b }
        return []
    }
}
