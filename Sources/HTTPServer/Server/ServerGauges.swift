import Synchronization

/// Read-only gauges for the daemon's metrics. Updated with relaxed atomics: exact at rest,
/// approximate while changing, which is what a gauge scraped every few seconds needs.
public final class ServerGauges: Sendable {
    let connections = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)
    let queueDepth = Atomic<Int>(0)

    init() {}

    /// Open client connections.
    public var openConnections: Int { connections.load(ordering: .relaxed) }
    /// Requests read and not yet fully answered.
    public var inFlightRequests: Int { inFlight.load(ordering: .relaxed) }
    /// Blocking requests waiting for a worker thread.
    public var workerQueueDepth: Int { queueDepth.load(ordering: .relaxed) }
}
