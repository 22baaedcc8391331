import Foundation
import Logging
import Synchronization

/// The HTTP/1.1 server: epoll I/O threads over non-blocking POSIX sockets, a bounded worker
/// pool for blocking handlers, optional TLS on the same port.
///
/// ```swift
/// var router = Router()
/// router.get("/health/live", blocking: false) { _ in HTTPResponse(status: .ok, text: "ok") }
/// let server = try HTTPServer(configuration: ServerConfiguration(port: 8080), router: router, logger: logger)
/// let port = try server.start()
/// server.shutdown(deadline: .seconds(10))
/// ```
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    /// Open connections, in-flight requests, worker queue depth.
    public let gauges: ServerGauges
    let core: ServerCore

    private struct Running: Sendable {
        var loops: [IOLoop]
        var listenFD: Int32
        var port: Int
        var threadsDone: DispatchGroup
    }

    private let running = Mutex<Running?>(nil)

    public init(configuration: ServerConfiguration, router: Router, logger: Logger) throws(ConfigurationError) {
        guard configuration.ioThreadCount >= 1, configuration.workerCount >= 1, configuration.maxConnections >= 1,
            (0...65535).contains(configuration.port)
        else {
            throw ConfigurationError(message: "ioThreadCount, workerCount and maxConnections must be at least 1, port 0...65535")
        }
        self.configuration = configuration
        self.gauges = ServerGauges()
        self.core = ServerCore(configuration: configuration, router: router, logger: logger, gauges: gauges)
    }

    public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The bound port while running.
    public var port: Int? { running.withLock { $0?.port } }

    /// Open connections held by each I/O thread, in thread order (empty when not running).
    public var connectionsByIOThread: [Int] { running.withLock { $0?.loops.map { $0.held.load(ordering: .relaxed) } ?? [] } }

    /// Binds, starts the I/O and worker threads, and returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws(SocketError) -> Int {
        Socket.ignoreSIGPIPE()
        let limit = Socket.raiseOpenFileLimit()
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port,
                                           backlog: configuration.listenBacklog)
        var loops: [IOLoop] = []
        do {
            for i in 0..<configuration.ioThreadCount { loops.append(try IOLoop(index: i, core: core, listenFD: fd)) }
        } catch {
            Socket.close(fd)
            throw error
        }
        for loop in loops { loop.peers = loops }
        core.workers.start()
        let group = DispatchGroup()
        for loop in loops {
            group.enter()
            let thread = Thread {
                loop.run()
                group.leave()
            }
            thread.name = "http-io-\(loop.index)"
            thread.start()
        }
        running.withLock { $0 = Running(loops: loops, listenFD: fd, port: port, threadsDone: group) }
        core.logger.info("HTTP server listening", metadata: [
            "host": "\(configuration.host)", "port": "\(port)", "tls": "\(configuration.tls != nil)",
            "ioThreads": "\(configuration.ioThreadCount)", "workers": "\(configuration.workerCount)", "openFileLimit": "\(limit)",
        ])
        return port
    }

    /// Graceful shutdown: stop accepting, close idle connections, let in-flight requests finish
    /// and close their connections after the response; whatever is still open at the deadline is
    /// closed. Blocks until done.
    public func shutdown(deadline: Duration = .seconds(10)) {
        let end = MonotonicTime.now() + deadline
        guard let run = running.withLock({ r -> Running? in defer { r = nil }; return r }) else { return }
        // Every loop stops watching the listening socket before it is closed.
        let acknowledged = DispatchGroup()
        for loop in run.loops {
            acknowledged.enter()
            loop.post { l in
                l.beginShutdown()
                acknowledged.leave()
            }
        }
        acknowledged.wait()
        Socket.close(run.listenFD)
        while gauges.openConnections > 0 && MonotonicTime.now() < end {
            usleep(5_000)
        }
        for loop in run.loops { loop.post { $0.stop() } }
        run.threadsDone.wait()
        if !core.workers.shutdown(waitUntil: end) {
            core.logger.warning("HTTP server stopped with handlers still running past the deadline")
        }
        core.logger.info("HTTP server stopped")
    }
}
