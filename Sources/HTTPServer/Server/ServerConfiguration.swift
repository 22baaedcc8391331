import TLS

/// Everything the server needs to run: where to listen, TLS, limits, timeouts, threads.
public struct ServerConfiguration: Sendable {
    /// Numeric address or host name to bind ("0.0.0.0", "::", "127.0.0.1").
    public var host: String
    /// 0 picks an ephemeral port (tests); `start()` returns the bound one.
    public var port: Int
    /// When set, every connection is TLS (the handshake runs on the I/O thread).
    public var tls: TLSContext?
    public var parserLimits: HTTPParserLimits
    public var timeouts: ConnectionTimeouts
    /// Accepted connections beyond this get a 503 and are closed.
    public var maxConnections: Int
    /// Threads running blocking handlers.
    public var workerCount: Int
    /// Requests waiting for a worker beyond this get a 503.
    public var workerQueueCapacity: Int
    /// epoll threads; each accepts (EPOLLEXCLUSIVE) and serves its own connections.
    public var ioThreadCount: Int
    public var listenBacklog: Int32
    /// Responses at least this large, of a compressible type, are gzipped when the client allows.
    public var gzipMinimumBytes: Int
    public var serverHeader: String
    /// After handling a wake-up's events, give the CPU to any other runnable thread before polling
    /// again (`sched_yield`). Under load an I/O loop never blocks, so without it the workers, the
    /// group committer, PostgreSQL's backends and a client on the same cores wait for the loop's
    /// time slice to run out: on 2 cores that was the p99 of GET /health (Docs/benchmarks.md).
    /// One system call per wake-up, i.e. per batch of ready connections.
    public var yieldsAfterEachWakeUp = true
    /// Called once per completed request (metrics). Runs on an I/O thread: keep it cheap.
    public var requestObserver: (@Sendable (RequestMetrics) -> Void)?

    public init(host: String = "0.0.0.0", port: Int = 8080, tls: TLSContext? = nil,
                parserLimits: HTTPParserLimits = HTTPParserLimits(), timeouts: ConnectionTimeouts = ConnectionTimeouts(),
                maxConnections: Int = 20_000, workerCount: Int = 16, workerQueueCapacity: Int = 1024,
                ioThreadCount: Int = 2, listenBacklog: Int32 = 4096, gzipMinimumBytes: Int = 1024,
                serverHeader: String = "SmartGate", requestObserver: (@Sendable (RequestMetrics) -> Void)? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
        self.parserLimits = parserLimits
        self.timeouts = timeouts
        self.maxConnections = maxConnections
        self.workerCount = workerCount
        self.workerQueueCapacity = workerQueueCapacity
        self.ioThreadCount = ioThreadCount
        self.listenBacklog = listenBacklog
        self.gzipMinimumBytes = gzipMinimumBytes
        self.serverHeader = serverHeader
        self.requestObserver = requestObserver
    }
}
