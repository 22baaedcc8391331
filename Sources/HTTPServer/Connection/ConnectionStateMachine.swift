// The lifecycle of one connection as a pure state machine (after Hummingbird's
// HTTPConnectionStateHandler): no sockets and no clock; every event carries `now`, every answer
// is an action for the I/O loop to carry out. Unit-tested with made-up instants.
//
// Pipelining policy (as NIOHTTP1's HTTPServerPipelineHandler): one request at a time. Once a
// request is complete the loop stops parsing; bytes of later requests stay buffered until the
// response has been written, so responses go out strictly in order.
//
//   idle ──bytes──▶ readingHead ──head──▶ readingBody ──end──▶ handling ──response──▶ writing
//    ▲                                                                                   │
//    └──────────────────────────── written, keep-alive ◀─────────────────────────────────┘
//   Any timeout in idle/readingHead/readingBody/writing closes; handlers are not timed out here.

public struct ConnectionStateMachine: Sendable {
    public enum State: Sendable, Equatable {
        /// Waiting for the first byte of a request (`fresh`: no request yet on this connection).
        case idle(fresh: Bool)
        case readingHead
        case readingBody
        /// A handler is running; reading is paused.
        case handling
        /// A response is being written.
        case writing
        case closed
    }

    public enum Action: Sendable, Equatable {
        case none
        /// Arm (or re-arm) the connection's single timer.
        case scheduleTimeout(deadline: MonotonicTime)
        /// Disarm the timer and run the handler for the request just read.
        case startHandler
        /// Write the response; close afterwards if `thenClose`. The timer is armed for the write.
        case write(thenClose: Bool, deadline: MonotonicTime)
        /// The response is out: re-arm for idle and parse any buffered pipelined bytes.
        case resumeReading(deadline: MonotonicTime)
        case closeConnection
    }

    public private(set) var state: State = .idle(fresh: true)
    public private(set) var deadline: MonotonicTime? = nil
    /// Set by a shutdown, a client's end of stream, `Connection: close`, or a parse error.
    public private(set) var closeAfterResponse = false
    public private(set) var isShuttingDown = false
    let timeouts: ConnectionTimeouts

    public init(timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    private mutating func arm(_ at: MonotonicTime) -> Action {
        deadline = at
        return .scheduleTimeout(deadline: at)
    }

    /// The connection was accepted. A client that then sends nothing gets the head timeout.
    public mutating func opened(now: MonotonicTime) -> Action {
        state = .idle(fresh: true)
        return arm(now + timeouts.head)
    }

    /// Bytes of a request arrived.
    public mutating func bytesReceived(now: MonotonicTime) -> Action {
        guard case .idle = state else { return .none }
        state = .readingHead
        return arm(now + timeouts.head)
    }

    /// The head is parsed; the body (possibly empty) follows.
    public mutating func headReceived(now: MonotonicTime, keepAlive: Bool) -> Action {
        guard state == .readingHead || state.isIdle else { return .none }
        if !keepAlive { closeAfterResponse = true }
        state = .readingBody
        return arm(now + timeouts.body)
    }

    /// The whole request is in: run the handler; stop reading until the response is written.
    public mutating func requestReceived(now: MonotonicTime) -> Action {
        guard state == .readingBody else { return .none }
        state = .handling
        deadline = nil
        return .startHandler
    }

    /// The handler produced a response (or the server produced one without a handler: 404,
    /// 413, 100-continue refusal). `keepAlive: false` closes after writing.
    public mutating func responseReady(now: MonotonicTime, keepAlive: Bool = true) -> Action {
        guard state != .closed else { return .none }
        if !keepAlive { closeAfterResponse = true }
        state = .writing
        let at = now + timeouts.write
        deadline = at
        return .write(thenClose: closeAfterResponse || isShuttingDown, deadline: at)
    }

    /// The request is malformed: answer once and close.
    public mutating func parseFailed(now: MonotonicTime) -> Action {
        closeAfterResponse = true
        return responseReady(now: now, keepAlive: false)
    }

    /// The last byte of the response reached the socket.
    public mutating func writeCompleted(now: MonotonicTime) -> Action {
        guard state == .writing else { return .none }
        if closeAfterResponse || isShuttingDown {
            return close()
        }
        state = .idle(fresh: false)
        let at = now + timeouts.idle
        deadline = at
        return .resumeReading(deadline: at)
    }

    /// The timer fired (the loop calls this whenever `now` reaches `deadline`).
    public mutating func timeoutFired(now: MonotonicTime) -> Action {
        guard let deadline, now >= deadline else { return .none }
        switch state {
        case .idle, .readingHead, .readingBody, .writing:
            return close()
        case .handling, .closed:
            return .none
        }
    }

    /// The client closed its side (read returned 0). A request being handled still gets its
    /// response (a half-closed client may be waiting for it); otherwise close now.
    public mutating func endOfInput(now: MonotonicTime) -> Action {
        switch state {
        case .handling, .writing:
            closeAfterResponse = true
            return .none
        case .closed:
            return .none
        default:
            return close()
        }
    }

    /// Graceful shutdown: close when idle (nothing started), otherwise finish the current
    /// request and close after its response.
    public mutating func shutdown(now: MonotonicTime) -> Action {
        isShuttingDown = true
        switch state {
        case .idle:
            return close()
        case .readingHead, .readingBody, .handling, .writing:
            closeAfterResponse = true
            return .none
        case .closed:
            return .none
        }
    }

    /// An I/O error or a forced close.
    public mutating func close() -> Action {
        guard state != .closed else { return .none }
        state = .closed
        deadline = nil
        return .closeConnection
    }
}

extension ConnectionStateMachine.State {
    var isIdle: Bool {
        if case .idle = self { return true }
        return false
    }
}
