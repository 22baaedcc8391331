// From a parsed head to a running handler: routing, the per-route body limit, 100-continue,
// and the choice between running inline (non-blocking routes) and the worker pool.

extension IOLoop {
    func onHead(_ c: Connection, _ head: HTTPRequestHead) {
        let now = MonotonicTime.now()
        _ = c.machine.headReceived(now: now, keepAlive: head.keepAlive)
        let (path, _) = HTTPRequest.splitTarget(head.target)
        let match = core.router.match(method: head.method, path: path)
        let limit: Int
        let pattern: String
        if case .found(let route, _) = match {
            limit = route.bodyLimit
            pattern = route.pattern
        } else {
            limit = core.router.defaultBodyLimit
            pattern = "unmatched"
        }
        let requestID = head.headers["X-Request-Id"].flatMap { RequestID.isSane($0) ? $0 : nil } ?? RequestID.make()
        beginExchange(c, ExchangeRecord(method: head.method, path: path, requestID: requestID, routePattern: pattern,
                                        start: c.requestStart, isHead: head.method == "HEAD", keepAlive: head.keepAlive,
                                        isHTTP10: head.version == .http1_0,
                                        acceptsGzip: AcceptEncoding.allowsGzip(head.headers["Accept-Encoding"])))
        c.head = head
        c.match = match
        if let error = c.parser.beginBody(maxBodyBytes: limit) {
            // Content-Length over the limit: refused before reading a byte of the body.
            respondToParseError(c, error)
            return
        }
        if head.expectsContinue && head.framing != .none {
            if case .found = match {
                // The body is wanted and within the limit: invite it.
                write(c, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), [])
            } else {
                // Not wanted: answer now without reading it; the unread body forces a close.
                c.exchange?.keepAlive = false
                _ = c.machine.requestReceived(now: now)
                answerUnmatched(c, match)
                return
            }
        }
        if case .contentLength(let n) = head.framing { c.body.reserveCapacity(n) }
    }

    private func beginExchange(_ c: Connection, _ record: ExchangeRecord) {
        if c.exchange == nil { core.gauges.inFlight.wrappingAdd(1, ordering: .relaxed) }
        c.exchange = record
    }

    func onRequestComplete(_ c: Connection) {
        let now = MonotonicTime.now()
        _ = c.machine.requestReceived(now: now)
        guard let head = c.head, let exchange = c.exchange, let match = c.match else { return }
        c.head = nil
        c.match = nil
        let body = c.body
        c.body = []
        guard case .found(let route, let parameters) = match else {
            answerUnmatched(c, match)
            return
        }
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version, headers: head.headers,
                                  body: body, pathParameters: parameters, routePattern: route.pattern,
                                  requestID: exchange.requestID, peerAddress: c.peer, peerCertificate: c.peerCertificate)
        let traits = PreparedResponse.RequestTraits(acceptsGzip: exchange.acceptsGzip, isHTTP10: exchange.isHTTP10,
                                                    requestID: exchange.requestID,
                                                    gzipMinimumBytes: core.configuration.gzipMinimumBytes)
        if !route.blocking && body.count <= Route.inlineBodyLimit {
            // No thread hop: health checks, cached answers, and deferring handlers that only hand
            // their work on (a declaration to the group commit) run on the I/O thread.
            switch route.body {
            case .immediate:
                sendResponse(c, run(route, request, traits))
            case .deferring(let handler):
                let workers = core.workers
                invoke(handler, route, request, promise(fd: c.fd, generation: c.generation, route, traits, requestID: request.requestID,
                                                        toWorker: { job in workers.submit(job) }))
            }
            return
        }
        let fd = c.fd
        let generation = c.generation
        let submitted = core.workers.submit { [self] in
            guard case .deferring(let handler) = route.body else {
                let prepared = self.run(route, request, traits)
                self.post { loop in loop.deliver(fd: fd, generation: generation, prepared) }
                return
            }
            invoke(handler, route, request, promise(fd: fd, generation: generation, route, traits, requestID: request.requestID,
                                                    toWorker: nil))
        }
        if !submitted {
            let error = HTTPError(.serviceUnavailable, code: "server_busy", detail: "All workers are busy; retry shortly.",
                                  headers: HTTPFields([("Retry-After", "1")]))
            sendResponse(c, PreparedResponse.make(error.response(requestID: exchange.requestID), traits: traits,
                                                  routePattern: route.pattern))
        }
    }

    /// The promise a deferring handler answers through. Fulfilled on any thread, the answer is
    /// prepared there (on a worker instead when that may be costly) and handed to this loop.
    private func promise(fd: Int32, generation: UInt32, _ route: Route, _ traits: PreparedResponse.RequestTraits, requestID: String,
                         toWorker: (@Sendable (@escaping @Sendable () -> Void) -> Bool)?) -> ResponsePromise {
        ResponsePromise(requestID: requestID, toWorker: toWorker) { [self] response in
            let prepare: @Sendable () -> Void = { [self] in
                let prepared = PreparedResponse.make(response, traits: traits, routePattern: route.pattern)
                self.post { loop in loop.deliver(fd: fd, generation: generation, prepared) }
            }
            // Whoever fulfils the promise (the group commit's thread) is not kept by gzip: that
            // goes back to a worker, unless the queue is full.
            if PreparedResponse.mayBeCostly(response, traits: traits), self.core.workers.submit(prepare) { return }
            prepare()
        }
    }

    private func invoke(_ handler: Route.DeferringHandler, _ route: Route, _ request: HTTPRequest, _ promise: ResponsePromise) {
        do {
            try handler(request, promise)
        } catch let error as HTTPError {
            promise.fail(error)
        } catch {
            core.logger.error("handler failed", metadata: ["route": "\(route.pattern)", "requestId": "\(request.requestID)",
                                                           "error": "\(error)"])
            promise.fail(HTTPError(.internalServerError, code: "internal_error", detail: "The request could not be processed."))
        }
    }

    /// Runs a handler (on whichever thread calls this) and makes its response ready to send.
    func run(_ route: Route, _ request: HTTPRequest, _ traits: PreparedResponse.RequestTraits) -> PreparedResponse {
        let response: HTTPResponse
        do {
            guard case .immediate(let handler) = route.body else {
                preconditionFailure("a deferring route answers through its promise")
            }
            response = try handler(request)
        } catch let error as HTTPError {
            response = error.response(requestID: request.requestID)
        } catch {
            core.logger.error("handler failed", metadata: ["route": "\(route.pattern)", "requestId": "\(request.requestID)",
                                                           "error": "\(error)"])
            response = HTTPError(.internalServerError, code: "internal_error", detail: "The request could not be processed.")
                .response(requestID: request.requestID)
        }
        return PreparedResponse.make(response, traits: traits, routePattern: route.pattern)
    }

    /// A worker finished: write the response if the connection is still the same one.
    func deliver(fd: Int32, generation: UInt32, _ prepared: PreparedResponse) {
        guard Int(fd) < connections.count, let c = connections[Int(fd)], c.generation == generation else { return }
        sendResponse(c, prepared)
        pump(c)
    }

    private func answerUnmatched(_ c: Connection, _ match: Router.Match) {
        let exchange = c.exchange
        let error: HTTPError
        switch match {
        case .methodNotAllowed(let allowed):
            error = HTTPError(.methodNotAllowed, code: "method_not_allowed",
                              detail: "\(exchange?.method ?? "This method") is not allowed here.",
                              extra: ["allow": allowed.joined(separator: ", ")],
                              headers: HTTPFields([("Allow", allowed.joined(separator: ", "))]))
        default:
            error = HTTPError(.notFound, code: "not_found", detail: "No resource at \(exchange?.path ?? "this path").")
        }
        sendServerResponse(c, error.response(requestID: exchange?.requestID))
    }

    /// A malformed request: answered once, with `Connection: close`.
    func respondToParseError(_ c: Connection, _ error: HTTPParseError) {
        if c.exchange == nil {
            beginExchange(c, ExchangeRecord(method: "-", path: "-", requestID: RequestID.make(), routePattern: "unmatched",
                                            start: c.requestStart, isHead: false, keepAlive: false, isHTTP10: false,
                                            acceptsGzip: false))
        }
        c.exchange?.keepAlive = false
        c.exchange?.isHead = false  // the error body goes out even for HEAD: nothing else is coming
        logger.debug("malformed request", metadata: ["peer": "\(c.peer)", "error": "\(error)"])
        sendServerResponse(c, HTTPError(error).response(requestID: c.exchange?.requestID))
    }

    private func sendServerResponse(_ c: Connection, _ response: HTTPResponse) {
        let e = c.exchange
        let traits = PreparedResponse.RequestTraits(acceptsGzip: false, isHTTP10: e?.isHTTP10 ?? false,
                                                    requestID: e?.requestID ?? "", gzipMinimumBytes: .max)
        sendResponse(c, PreparedResponse.make(response, traits: traits, routePattern: "unmatched"))
    }
}
