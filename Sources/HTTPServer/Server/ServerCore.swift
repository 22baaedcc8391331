import Logging
import TLS

/// What every I/O loop and worker shares: immutable configuration, the router, the logger, the
/// gauges and the worker pool.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let logger: Logger
    let gauges: ServerGauges
    let workers: WorkerPool
    let serverHeader: [UInt8]

    init(configuration: ServerConfiguration, router: Router, logger: Logger, gauges: ServerGauges) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.gauges = gauges
        self.workers = WorkerPool(threads: configuration.workerCount, capacity: configuration.workerQueueCapacity,
                                  gauges: gauges)
        self.serverHeader = Array(configuration.serverHeader.utf8)
    }
}
