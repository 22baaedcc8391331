import ArgumentParser
import BufferedLog
import Customs
import Exchange
import Foundation
import HTTPServer
import Logging
import TLS

/// `nanning-peer serve`: the simulated Nanning node. Listens for the gateway's pushes over mutual
/// TLS 1.3 and, on a schedule, pulls the gateway's manifests and pushes its own declarations.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the simulated Nanning customs node.")

    @Option(help: "Where the node keeps its files (attempts, received, receipts, manifests, cursor).")
    var data: String
    @Option(help: "The port to listen on (0: any free port, logged).")
    var port = 0
    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Our TLS server certificate (PEM).")
    var tlsCert: String
    @Option(help: "Its private key (PEM).")
    var tlsKey: String
    @Option(help: "The CA client certificates must chain to (PEM).")
    var clientCA: String
    @Option(help: "The gateway's TLS client certificate (PEM): the only client answered, by SHA-256 fingerprint.")
    var gatewayCert: String
    @OptionGroup var node: NodeOptions
    @OptionGroup var gateway: GatewayOptions
    @Option(help: "Pull manifests every N ms (0: never; needs the --gateway-url options).")
    var pullEveryMs = 0
    @Option(help: "Push one generated declaration every N ms (0: never; needs the --gateway-url options).")
    var pushEveryMs = 0
    @Option(help: "Stop pushing after this many (0: no limit).")
    var pushLimit = 0
    @OptionGroup var faults: FaultOptions

    func validate() throws {
        if pullEveryMs > 0 || pushEveryMs > 0 { try gateway.validateComplete() }
    }

    func run() throws {
        LoggingSystem.bootstrap { BufferedLogHandler(label: $0) }
        atexit { LogSink.standardError.flush() }
        let logger = Logger(label: "nanning-peer")
        let store = try PeerStore(directory: data)
        let signer = try Signer(node: node, faults: faults)
        let fingerprint = try PeerCertificate.load(pemFile: gatewayCert).sha256Fingerprint
        let tls = try TLSContext(serverCertificateFile: tlsCert, privateKeyFile: tlsKey,
                                 clientCertificates: .required(caFile: clientCA), minimumVersion: .tls13)
        let handlers = PeerHandlers(signer: signer, store: store, gatewayFingerprint: fingerprint, faults: faults, logger: logger)
        var router = Router()
        router.post("/partner/v1/messages", bodyLimit: 4 << 20) { try handlers.message($0) }
        router.get("/health/live", blocking: false) { _ in HTTPResponse(status: .ok, text: "ok") }
        let server = try HTTPServer(configuration: ServerConfiguration(host: host, port: port, tls: tls, workerCount: 4, serverHeader: "nanning-peer"),
                                    router: router, logger: Logger(label: "nanning-peer.http"))
        let bound = try server.start()
        logger.info("storage", metadata: ["data": "\(data)", "seenMessages": "\(store.seenCount)", "cursor": "\(store.cursor())"])
        // A plain line, exactly this shape, for scripts and tests waiting for the node.
        FileHandle.standardError.write(Data("nanning-peer ready port=\(bound)\n".utf8))

        if pullEveryMs > 0 {
            let puller = Puller(signer: signer, store: store)
            let options = gateway
            Self.every(pullEveryMs, name: "pull") {
                let client = try GatewayClient(options: options)
                defer { client.close() }
                var total = 0
                while true {
                    let after = store.cursor()
                    let page = try puller.page(after: after, limit: 100, over: client)
                    total += page.manifests.count
                    for manifest in page.manifests {
                        logger.info("manifest pulled", metadata: ["declaration": "\(Summary.string(manifest, "declarationId"))",
                                                                  "summary": "\(Summary.declaration(manifest))"])
                    }
                    if page.manifests.isEmpty || page.next == after { break }
                }
                if total > 0 { logger.info("pulled manifests", metadata: ["count": "\(total)", "cursor": "\(store.cursor())"]) }
            } onError: { logger.error("pull failed", metadata: ["error": "\($0)"]) }
        }
        if pushEveryMs > 0 {
            let pusher = Pusher(signer: signer, store: store)
            let options = gateway
            let limit = pushLimit
            let faults = faults
            let pushed = PushCounter()
            Self.every(pushEveryMs, name: "push") {
                if limit > 0 && pushed.value >= limit { return }
                let client = try GatewayClient(options: options)
                defer { client.close() }
                var generator = DeclarationGenerator()
                let reference = "CN-NN-" + String(UUID().uuidString.lowercased().prefix(8))
                let document = generator.declaration(today: VietnamDate.today())
                faults.delay()
                let outcome = pusher.send(try pusher.message(document, reference: reference), over: client)
                if case .transport = outcome {} else { pushed.increment() }
                var metadata: Logger.Metadata = ["reference": "\(reference)", "outcome": "\(outcome.code)", "summary": "\(Summary.declaration(document))"]
                if case .stored(let lane, let id) = outcome { metadata["lane"] = "\(lane)"; metadata["declaration"] = "\(id)" }
                if case .refused(_, _, let detail) = outcome { metadata["detail"] = "\(detail)" }
                if case .unverified(_, let why) = outcome { metadata["detail"] = "\(why)" }
                logger.info("pushed a declaration", metadata: metadata)
            } onError: { logger.error("push failed", metadata: ["error": "\($0)"]) }
        }

        let stop = ShutdownSignal()
        let signal = stop.wait()
        logger.info("stopping", metadata: ["signal": "\(signal)"])
        server.shutdown(deadline: .seconds(5))
    }

    /// Runs `body` every `ms` milliseconds on its own thread, for the life of the process.
    static func every(_ ms: Int, name: String, _ body: @escaping @Sendable () throws -> Void,
                      onError: @escaping @Sendable (any Error) -> Void) {
        let thread = Thread {
            while true {
                do { try body() } catch { onError(error) }
                Thread.sleep(forTimeInterval: Double(ms) / 1000)
            }
        }
        thread.name = name
        thread.start()
    }
}
