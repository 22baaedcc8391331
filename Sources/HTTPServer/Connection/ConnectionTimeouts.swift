/// How long each phase of a connection may take before the server closes it.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// From the first byte of a request (or from accept) until its head is complete: slowloris.
    public var head: Duration
    /// From the end of the head until the end of the body.
    public var body: Duration
    /// Between requests on a keep-alive connection.
    public var idle: Duration
    /// To write one response (a client that stops reading).
    public var write: Duration

    public init(head: Duration = .seconds(10), body: Duration = .seconds(30), idle: Duration = .seconds(60),
                write: Duration = .seconds(30)) {
        self.head = head
        self.body = body
        self.idle = idle
        self.write = write
    }

    var shortest: Duration { min(head, body, idle, write) }
}
