import Synchronization

/// The answer to a request whose handler finishes on another thread: a deferring route's handler
/// (`Router.post(_:bodyLimit:deferring:)`) returns at once, leaving its worker free, and whoever
/// finishes the work (a group commit, say) fulfils the promise from its own thread. The response
/// is then prepared on that thread and written by the connection's I/O loop.
///
/// Fulfilled once: later calls are ignored. A promise dropped unfulfilled answers 500, so a
/// forgotten path costs the client an error, not a connection that hangs until its timeout.
public final class ResponsePromise: Sendable {
    private let send: @Sendable (HTTPResponse) -> Void
    private let requestID: String
    private let fulfilled = Atomic<Bool>(false)

    init(requestID: String, send: @escaping @Sendable (HTTPResponse) -> Void) {
        self.requestID = requestID
        self.send = send
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
