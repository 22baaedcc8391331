import Synchronization

/// The answer to a request whose handler finishes on another thread: a deferring route's handler
/// (`Router.post(_:bodyLimit:blocking:deferring:)`) returns at once, leaving its thread free, and
/// whoever finishes the work (a group commit, say) fulfils the promise from its own thread. The
/// response is then prepared on that thread and written by the connection's I/O loop.
///
/// A non-blocking deferring route runs on the I/O thread; when its handler finds it must wait
/// after all (a look-up its caches cannot answer), it moves the rest to the worker pool with
/// `offload`.
///
/// Fulfilled once: later calls are ignored. A promise dropped unfulfilled answers 500, so a
/// forgotten path costs the client an error, not a connection that hangs until its timeout.
public final class ResponsePromise: Sendable {
    private let send: @Sendable (HTTPResponse) -> Void
    private let requestID: String
    private let fulfilled = Atomic<Bool>(false)
    /// Queues a job on the worker pool (false when it is full); nil when the handler already
    /// runs on a worker.
    private let toWorker: (@Sendable (@escaping @Sendable () -> Void) -> Bool)?

    init(requestID: String, toWorker: (@Sendable (@escaping @Sendable () -> Void) -> Bool)? = nil,
         send: @escaping @Sendable (HTTPResponse) -> Void) {
        self.requestID = requestID
        self.toWorker = toWorker
        self.send = send
    }

    /// Runs `work` where it may wait: on a worker when the handler runs on the I/O thread, at
    /// once when it already runs on a worker. An error `work` throws is the answer; a full pool
    /// answers 503, as it does for a blocking route.
    public func offload(_ work: @escaping @Sendable () throws(HTTPError) -> Void) {
        let run: @Sendable () -> Void = { [self] in
            do throws(HTTPError) {
                try work()
            } catch {
                fail(error)
            }
        }
        guard let toWorker else { return run() }
        if !toWorker(run) {
            fail(HTTPError(.serviceUnavailable, code: "server_busy", detail: "All workers are busy; retry shortly.",
                           headers: HTTPFields([("Retry-After", "1")])))
        }
    }

    public func succeed(_ response: HTTPResponse) {
        guard fulfilled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        send(response)
    }

    public func fail(_ error: HTTPError) {
        succeed(error.response(requestID: requestID))
    }

    /// Runs `body` and fulfils the promise with what it returns or throws.
    public func complete(_ body: () throws(HTTPError) -> HTTPResponse) {
        do {
            succeed(try body())
        } catch {
            fail(error)
        }
    }

    deinit {
        if !fulfilled.load(ordering: .acquiring) {
            send(HTTPError(.internalServerError, code: "internal_error", detail: "The request could not be processed.")
                .response(requestID: requestID))
        }
    }
}
