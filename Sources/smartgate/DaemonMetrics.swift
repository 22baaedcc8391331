import DeclarationStore
import HTTPServer
import PostgresClient
import Prometheus
import Synchronization

/// The daemon's Prometheus metrics: requests by route and status, a latency histogram per route,
/// and gauges read at scrape time (open connections, in-flight requests, worker queue depth,
/// database pool use).
final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let requests = Mutex<[String: Counter]>([:])
    private let latencies = Mutex<[String: DurationHistogram]>([:])
    private let openConnections: Gauge
    private let inFlight: Gauge
    private let queueDepth: Gauge
    private let poolOpen: Gauge
    private let poolWaiting: Gauge
    private let groupCommits: Gauge
    private let groupCommitRows: Gauge
    private let groupCommitLargest: Gauge
    /// Set once the server exists; the gauges are read at scrape time.
    private let serverGauges = Mutex<ServerGauges?>(nil)
    private let committer = Mutex<GroupCommitter?>(nil)

    /// Seconds; chosen around the API's targets (green-lane answers well under 50 ms).
    static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    /// The registry's descriptor wants a name's last part as its unit (`_total`, `_seconds`);
    /// the exposed name is the whole one, as given.
    static func descriptor(_ name: String, help: String) -> MetricNameDescriptor {
        let split = name.lastIndex(of: "_")!
        return MetricNameDescriptor(metricName: String(name[..<split]), unitName: String(name[name.index(after: split)...]), helpText: help)
    }

    init() {
        openConnections = registry.makeGauge(descriptor: Self.descriptor("smartgate_http_open_connections", help: "Open HTTP connections."))
        inFlight = registry.makeGauge(descriptor: Self.descriptor("smartgate_http_in_flight_requests", help: "Requests being handled."))
        queueDepth = registry.makeGauge(descriptor: Self.descriptor("smartgate_http_worker_queue_depth", help: "Requests waiting for a worker thread."))
        poolOpen = registry.makeGauge(descriptor: Self.descriptor("smartgate_db_pool_open_connections", help: "Open PostgreSQL connections in the pool."))
        poolWaiting = registry.makeGauge(descriptor: Self.descriptor("smartgate_db_pool_waiting", help: "Callers waiting for a PostgreSQL connection."))
        // Read from the committer's counters at scrape time (so gauges, though they only grow).
        groupCommits = registry.makeGauge(descriptor: Self.descriptor("smartgate_declaration_commits", help: "Group-commit transactions since start."))
        groupCommitRows = registry.makeGauge(descriptor: Self.descriptor("smartgate_declarations_committed", help: "Declarations inserted by group commits since start."))
        groupCommitLargest = registry.makeGauge(descriptor: Self.descriptor("smartgate_declaration_commit_largest_batch", help: "The most declarations one commit carried."))
    }

    /// The server's per-request observer. Runs on an I/O thread, so it only touches cached
    /// metric objects (a dictionary lookup under a lock, then an atomic add).
    func record(_ request: RequestMetrics) {
        let key = "\(request.method) \(request.route) \(request.status)"
        let counter = requests.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: Self.descriptor("smartgate_http_requests_total", help: "HTTP requests by method, route pattern and status."),
                labels: [("method", request.method), ("route", request.route), ("status", String(request.status))])
            counters[key] = counter
            return counter
        }
        counter.increment()
        let histogram = latencies.withLock { histograms in
            if let histogram = histograms[request.route] { return histogram }
            let histogram = registry.makeDurationHistogram(
                descriptor: Self.descriptor("smartgate_http_request_duration_seconds",
                                            help: "Time from the request head to the end of the response, by route pattern."),
                labels: [("route", request.route)], buckets: Self.buckets)
            histograms[request.route] = histogram
            return histogram
        }
        histogram.recordNanoseconds(request.duration.nanoseconds)
    }

    func attach(_ gauges: ServerGauges) {
        serverGauges.withLock { $0 = gauges }
    }

    func attach(_ committer: GroupCommitter) {
        self.committer.withLock { $0 = committer }
    }

    /// The exposition text, with the gauges read now.
    func scrape(pool: PostgresPool) -> [UInt8] {
        if let gauges = serverGauges.withLock({ $0 }) {
            openConnections.set(Double(gauges.openConnections))
            inFlight.set(Double(gauges.inFlightRequests))
            queueDepth.set(Double(gauges.workerQueueDepth))
        }
        if let statistics = committer.withLock({ $0 })?.statistics {
            groupCommits.set(Double(statistics.commits))
            groupCommitRows.set(Double(statistics.rows))
            groupCommitLargest.set(Double(statistics.largestBatch))
        }
        let statistics = pool.statistics
        poolOpen.set(Double(statistics.open))
        poolWaiting.set(Double(statistics.waiting))
        return registry.emitToBuffer()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
