import ArgumentParser
import Dispatch
import Foundation
import Logging
import PostgresClient
import SchemaMigrations
import Settings
import Synchronization

/// `smartgate serve`: the daemon. Connects to PostgreSQL, migrates (unless configured not to),
/// serves until SIGINT or SIGTERM, then shuts down gracefully.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the SmartGate daemon in the foreground.")

    func run() throws {
        let settings = Startup.settings()
        let logger = Startup.logger(settings)
        let url = Startup.requireDatabaseURL(settings)

        let pool = PostgresPool(
            url: url, size: settings.databasePoolSize,
            acquireTimeout: .milliseconds(settings.databasePoolTimeoutMs),
            logger: Logger(label: "smartgate.postgres")
        )
        do {
            if settings.migrateOnStart {
                let migrator = Migrator(migrations: try Migration.load(directory: settings.migrationsDirectory),
                                        logger: Logger(label: "smartgate.migrations"))
                let connection = try PostgresConnection(url: url)
                defer { connection.close() }
                let applied = try migrator.migrate(connection: connection)
                logger.info("schema ready", metadata: ["applied": "\(applied.count)", "migrations": "\(migrator.migrations.count)"])
            } else {
                try pool.query("SELECT 1")
            }
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode.failure
        }

        let stop = ShutdownSignal()
        logger.info("SmartGate ready", metadata: ["database": "connected", "pid": "\(getpid())"])
        let signal = stop.wait()
        logger.info("stopping", metadata: ["signal": "\(signal)"])
        pool.close()
        logger.info("stopped")
    }
}

/// Waits for SIGINT or SIGTERM. The signals are ignored for the default handler and delivered
/// through Dispatch sources instead, so shutdown runs as ordinary code rather than in a handler.
final class ShutdownSignal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []
    private let received = Mutex<Int32>(0)

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                self.received.withLock { $0 = number }
                self.semaphore.signal()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Blocks until a signal arrives and returns its name.
    func wait() -> String {
        semaphore.wait()
        return received.withLock { $0 } == SIGINT ? "SIGINT" : "SIGTERM"
    }
}
