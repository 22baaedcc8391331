import ArgumentParser
import CarrierAPI
import Customs
import DeclarationStore
import Dispatch
import Foundation
import HTTPServer
import LaneStore
import Logging
import OfficerAPI
import OutboxDelivery
import PartnerAPI
import Exchange
import ExchangeStore
import Signatures
import PostgresClient
import SchemaMigrations
import Settings
import Synchronization
import TLS

/// `smartgate serve`: the daemon. Connects to PostgreSQL, migrates (unless configured not to),
/// serves HTTP until SIGINT or SIGTERM, then shuts down gracefully.
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
            let migrator = Migrator(migrations: try Migration.load(directory: settings.migrationsDirectory),
                                    logger: Logger(label: "smartgate.migrations"))
            let connection = try PostgresConnection(url: url)
            defer { connection.close() }
            if settings.migrateOnStart {
                let applied = try migrator.migrate(connection: connection)
                logger.info("schema ready", metadata: ["applied": "\(applied.count)", "migrations": "\(migrator.migrations.count)"])
            } else {
                // This build relies on every migration it ships (the NOTIFY triggers its caches
                // depend on, among others): an older schema is refused, not half-used.
                let pending = try migrator.pending(connection: connection)
                guard pending.isEmpty else {
                    logger.critical("cannot start: the schema lacks \(pending.count) migration(s) (\(pending.map(\.fileName).joined(separator: ", "))); run `smartgate migrate`, or set migrate_on_start = true")
                    pool.close()
                    throw ExitCode.failure
                }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode.failure
        }

        // The lanes need a ruleset before the first declaration: refuse to start without a valid one.
        let registry = RulesetRegistry(pool: pool)
        do {
            let ruleset = try registry.install(try Self.read(settings.riskRulesFile), actor: "daemon", source: settings.riskRulesFile)
            logger.info("risk ruleset in force", metadata: ["version": "\(ruleset.version)", "rules": "\(ruleset.rules.count)", "file": "\(settings.riskRulesFile)"])
        } catch {
            logger.critical("cannot start: the risk ruleset \(settings.riskRulesFile) was not loaded: \(error)")
            pool.close()
            throw ExitCode.failure
        }
        let reload = RulesetReloader(registry: registry, path: settings.riskRulesFile, logger: logger)

        // Signals are routed to Dispatch before the server starts, so an early Ctrl-C is not lost.
        let stop = ShutdownSignal()
        let metrics = DaemonMetrics()
        let declarations = DeclarationStore(
            pool: pool,
            groupCommit: GroupCommitConfiguration(maxBatch: settings.groupCommitMaxBatch,
                                                  maxWait: .microseconds(settings.groupCommitMaxWaitMicroseconds),
                                                  committers: settings.groupCommitConnections,
                                                  comingWait: .microseconds(settings.groupCommitComingWaitMicroseconds),
                                                  comingWaitBelow: settings.groupCommitComingWaitBelow))
        metrics.attach(declarations.committer)
        var router = Router()
        OpsRoutes.register(on: &router, pool: pool, metrics: metrics)
        // API keys, trader profiles and partners are read on every declaration and change rarely:
        // kept in memory only while this listener hears every change (Migrations/0006, 0009).
        let keyCache = NotifiedCache<String, APIKeyRecord>()
        let profileCache = NotifiedCache<String, TraderProfile>()
        let partnerCache = NotifiedCache<String, Partner>(capacity: 100)
        let listener = Self.cacheListener(url: url, keys: keyCache, profiles: profileCache, partners: partnerCache)
        listener.start()
        let traders = TraderRegister(pool: pool, profileCache: profileCache)
        CarrierRoutes.register(on: &router, handlers: DeclarationHandlers(
            store: declarations, authenticator: CarrierAuthenticator(carriers: CarrierStore(pool: pool, keyCache: keyCache)),
            router: LaneRouter(registry: registry, traders: traders)))
        OfficerRoutes.register(on: &router, handlers: OfficerHandlers(
            lanes: LaneStore(pool: pool), traders: traders, registry: registry,
            authenticator: OfficerAuthenticator(officers: OfficerStore(pool: pool))))

        let server: HTTPServer
        var partnerServer: HTTPServer?
        var deliverer: OutboxDeliverer?
        do {
            server = try HTTPServer(configuration: try Self.serverConfiguration(settings, metrics: metrics),
                                    router: router, logger: Logger(label: "smartgate.http"))
            metrics.attach(server.gauges)
            let port = try server.start()
            var ready: Logger.Metadata = [
                "http": "\(settings.httpHost):\(port)", "tls": "\(!settings.httpTLSCertificate.isEmpty)", "pid": "\(getpid())",
            ]
            if !settings.exchangeSigningKey.isEmpty {
                let node = ExchangeNode(id: settings.exchangeNodeID, key: try SigningKey(pemFile: settings.exchangeSigningKey),
                                        window: .seconds(settings.exchangeClockWindowSeconds))
                if !settings.partnerTLSCertificate.isEmpty {
                    let (partnerRunning, partnerPort) = try Self.startPartnerListener(settings, node: node, pool: pool, declarations: declarations,
                                                                                      router: LaneRouter(registry: registry, traders: traders),
                                                                                      partners: PartnerStore(pool: pool, cache: partnerCache))
                    partnerServer = partnerRunning
                    ready["partner"] = "\(settings.partnerHost):\(partnerPort)"
                }
                if !settings.exchangeClientCertificate.isEmpty {
                    let tls = try TLSContext(clientTrusting: settings.exchangePartnerCA.isEmpty ? nil : settings.exchangePartnerCA,
                                             certificateFile: settings.exchangeClientCertificate, privateKeyFile: settings.exchangeClientKey,
                                             minimumVersion: .tls13)
                    let worker = OutboxDeliverer(outbox: Outbox(pool: pool), partners: PartnerStore(pool: pool), node: node, tls: tls,
                                                 configuration: .init(maxAttempts: settings.outboxMaxAttempts, poll: .milliseconds(settings.outboxPollMs),
                                                                      maxBackoff: .milliseconds(settings.outboxMaxBackoffMs)))
                    worker.start()
                    deliverer = worker
                    ready["outbox"] = "delivering"
                }
            }
            logger.info("SmartGate ready", metadata: ready)
        } catch {
            logger.critical("cannot start the HTTP server: \(error)")
            listener.stop()
            declarations.close()
            pool.close()
            throw ExitCode.failure
        }

        let signal = stop.wait()
        reload.cancel()
        logger.info("stopping: no new connections; in-flight requests may finish", metadata: [
            "signal": "\(signal)", "graceMs": "\(settings.shutdownGraceMs)",
        ])
        deliverer?.stop()
        partnerServer?.shutdown(deadline: .milliseconds(settings.shutdownGraceMs))
        server.shutdown(deadline: .milliseconds(settings.shutdownGraceMs))
        // After the server: requests still in flight had their declarations committed.
        listener.stop()
        declarations.close()
        pool.close()
        logger.info("stopped")
    }

    /// The partner listener: its own server on `partner_port`, TLS 1.3 only, client certificates
    /// required and verified against `partner_tls_client_ca`; the certificate then names the partner.
    static func startPartnerListener(_ settings: Settings, node: ExchangeNode, pool: PostgresPool, declarations: DeclarationStore,
                                     router laneRouter: LaneRouter, partners: PartnerStore) throws -> (HTTPServer, Int) {
        let tls = try TLSContext(serverCertificateFile: settings.partnerTLSCertificate, privateKeyFile: settings.partnerTLSKey,
                                 clientCertificates: .required(caFile: settings.partnerTLSClientCA), minimumVersion: .tls13)
        var router = Router()
        PartnerRoutes.register(on: &router, handlers: PartnerHandlers(
            node: node, partners: partners, feed: ManifestFeed(pool: pool), declarations: declarations, router: laneRouter))
        let configuration = ServerConfiguration(
            host: settings.partnerHost, port: settings.partnerPort, tls: tls,
            timeouts: ConnectionTimeouts(head: .milliseconds(settings.httpHeaderTimeoutMs), body: .milliseconds(settings.httpBodyTimeoutMs),
                                         idle: .milliseconds(settings.httpIdleTimeoutMs), write: .milliseconds(settings.httpWriteTimeoutMs)),
            maxConnections: 1024, workerCount: settings.httpWorkers)
        let server = try HTTPServer(configuration: configuration, router: router, logger: Logger(label: "smartgate.partner"))
        let port = try server.start()
        return (server, port)
    }

    /// Forgets a cached key, profile or partner when its row changes, everything when the listener
    /// loses its session (changes made meanwhile go unheard), and starts caching once it listens.
    static func cacheListener(url: String, keys: NotifiedCache<String, APIKeyRecord>, profiles: NotifiedCache<String, TraderProfile>,
                              partners: NotifiedCache<String, Partner>) -> PostgresListener {
        PostgresListener(url: url, channels: ["smartgate_api_keys", "smartgate_traders", "smartgate_partners"]) { event in
            keys.follow(event, channel: "smartgate_api_keys")
            profiles.follow(event, channel: "smartgate_traders")
            partners.follow(event, channel: "smartgate_partners")
        }
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return [UInt8](data)
    }

    static func serverConfiguration(_ settings: Settings, metrics: DaemonMetrics) throws -> ServerConfiguration {
        var tls: TLSContext?
        if !settings.httpTLSCertificate.isEmpty {
            let clients: ClientCertificateMode
            switch settings.httpTLSClientAuth {
            case .none: clients = .none
            case .optional: clients = .optional(caFile: settings.httpTLSClientCA)
            case .required: clients = .required(caFile: settings.httpTLSClientCA)
            }
            tls = try TLSContext(serverCertificateFile: settings.httpTLSCertificate, privateKeyFile: settings.httpTLSKey,
                                 clientCertificates: clients)
        }
        return ServerConfiguration(
            host: settings.httpHost, port: settings.httpPort, tls: tls,
            timeouts: ConnectionTimeouts(head: .milliseconds(settings.httpHeaderTimeoutMs),
                                         body: .milliseconds(settings.httpBodyTimeoutMs),
                                         idle: .milliseconds(settings.httpIdleTimeoutMs),
                                         write: .milliseconds(settings.httpWriteTimeoutMs)),
            maxConnections: settings.httpMaxConnections, workerCount: settings.httpWorkers,
            requestObserver: { metrics.record($0) }
        )
    }
}

/// SIGHUP reloads the ruleset file. A bad file is refused with its problems logged, and the ruleset
/// in force stays; requests are never interrupted (the swap is atomic).
final class RulesetReloader: @unchecked Sendable {
    private let source: any DispatchSourceSignal

    init(registry: RulesetRegistry, path: String, logger: Logger) {
        signal(SIGHUP, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            do {
                let ruleset = try registry.install(try Serve.read(path), actor: "daemon", source: "SIGHUP " + path)
                logger.notice("risk ruleset reloaded", metadata: ["version": "\(ruleset.version)", "rules": "\(ruleset.rules.count)"])
            } catch {
                logger.error("risk ruleset reload refused; the ruleset in force stays", metadata: [
                    "inForce": "\(registry.current?.version ?? "none")", "file": "\(path)", "error": "\(error)",
                ])
            }
        }
        source.resume()
    }

    func cancel() { source.cancel() }
}

