import Customs
import Exchange
import ExchangeStore
import Foundation
import HTTPClient
import Logging
import Synchronization
import TLS

/// The outbox's delivery worker: one thread that takes due messages (`FOR UPDATE SKIP LOCKED`, so
/// several daemons share the outbox), signs each as a `declaration` envelope, POSTs it to the
/// partner over mutual TLS and marks it delivered only when the answer is a receipt for it signed
/// by the partner, or a signed `replayed` error carrying one (a retry of a message the partner had
/// already stored). Anything else is a failure: retried with exponential backoff, parked after
/// `maxAttempts`. The message id is fixed when the row is written, so a retry is recognised by the
/// partner as the same message and stored at most once.
public final class OutboxDeliverer: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var maxAttempts: Int
        public var poll: Duration
        public var maxBackoff: Duration
        public var batch: Int = 16
        public var timeout: Duration = .seconds(10)

        public init(maxAttempts: Int, poll: Duration, maxBackoff: Duration) {
            self.maxAttempts = maxAttempts
            self.poll = poll
            self.maxBackoff = maxBackoff
        }
    }

    private let outbox: Outbox
    private let partners: PartnerStore
    private let node: ExchangeNode
    private let tls: TLSContext
    private let configuration: Configuration
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    /// Used by the worker thread only: one keep-alive connection per partner.
    private var connections: [String: HTTPClientConnection] = [:]

    public init(outbox: Outbox, partners: PartnerStore, node: ExchangeNode, tls: TLSContext, configuration: Configuration,
                logger: Logger = Logger(label: "smartgate.outbox")) {
        self.outbox = outbox
        self.partners = partners
        self.node = node
        self.tls = tls
        self.configuration = configuration
        self.logger = logger
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "outbox-delivery"
        thread.start()
    }

    /// Finishes the batch in hand, then stops.
    public func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        stopped.wait()
    }

    private func run() {
        while !stopping.load(ordering: .sequentiallyConsistent) {
            var taken = 0
            do {
                var partnersByID: [String: Partner] = [:]
                // A partner that could not be reached is not tried again in the same batch: the
                // rows stay locked while we send, so a dead partner must not hold them for long.
                var unreachable: [String: String] = [:]
                taken = try outbox.deliverDue(limit: configuration.batch, maxAttempts: configuration.maxAttempts, backoffSeconds: backoffSeconds) { item in
                    if let reason = unreachable[item.partnerID] { return .deferred("not attempted: \(reason)") }
                    if partnersByID[item.partnerID] == nil { partnersByID[item.partnerID] = try? partners.partner(id: item.partnerID) }
                    guard let partner = partnersByID[item.partnerID] else { return .failed("partner \(item.partnerID) is not registered") }
                    let outcome = deliver(item, to: partner)
                    if case .failed(let reason) = outcome, reason.hasPrefix("unreachable") { unreachable[item.partnerID] = reason }
                    return outcome
                }
            } catch {
                logger.warning("outbox unavailable", metadata: ["error": "\(error)"])
            }
            if taken == 0 { sleep(configuration.poll) }
        }
        for connection in connections.values { connection.close() }
        connections = [:]
        stopped.signal()
    }

    /// 1 s, 2 s, 4 s … up to the configured ceiling.
    func backoffSeconds(_ attempts: Int) -> Double {
        let ceiling = configuration.maxBackoff / .seconds(1)
        return min(Double(1 << min(attempts - 1, 20)), ceiling)
    }

    private func sleep(_ duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while !stopping.load(ordering: .sequentiallyConsistent) && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    func deliver(_ item: Outbox.Item, to partner: Partner) -> Outbox.Outcome {
        guard let url = partner.url, let endpoint = HTTPSEndpoint(url: url) else { return .failed("partner \(partner.id) has no valid url") }
        let now = UTCTimestamp(Date())
        let sent: Envelope
        do {
            sent = try Envelope.seal(type: .declaration, payload: [
                "reference": .string(item.declarationID.uuidString.lowercased()), "version": .number(JSONNumber(item.version)),
                // The partner's view only, as in its manifests: no health data, licence or contact details.
                "declaration": ManifestFeed.projection(item.document, prefixes: partner.hsPrefixes),
            ], from: node.id, to: partner.id, key: node.key, at: now, messageID: item.messageID)
        } catch {
            return .failed("signing failed: \(error)")
        }
        let request = HTTPClientRequest(method: "POST", path: "/partner/v1/messages",
                                        headers: [("Content-Type", "application/json")], body: sent.serialized())
        let response: HTTPClientResponse
        do {
            response = try send(request, to: endpoint, partner: partner.id)
        } catch {
            logger.notice("delivery failed", metadata: ["partner": "\(partner.id)", "message": "\(item.messageID)", "attempt": "\(item.attempts + 1)", "error": "\(error)"])
            // Refused, or accepted and then silent: either way the rest of this batch would wait too.
            if case .connect = error { return .failed("unreachable: \(error)") }
            if case .exchange(.timeout) = error { return .failed("unreachable: \(error)") }
            return .failed("\(error)")
        }
        let answer: Envelope
        do {
            answer = try Envelope.parse(response.body)
            try answer.verify(from: partner.id, to: node.id, keys: partner.keys, now: UTCTimestamp(Date()), window: node.window)
        } catch {
            return .failed("HTTP \(response.status) without a valid signed answer: \(error)")
        }
        guard ExchangeMessages.confirms(answer, delivered: sent) else {
            let detail = (try? answer.payloadValue())?.compactText ?? ""
            return .failed("HTTP \(response.status): \(answer.type.rawValue) \(detail.prefix(500))")
        }
        var receipt = answer
        if answer.type == .error {
            // A replay of a message the partner had stored: its original receipt must verify on its
            // own (signed by the partner with a key valid when it was made), and is what we keep.
            guard case .object(let payload)? = try? answer.payloadValue(), let inner = payload["receipt"],
                  let original = try? Envelope.parse(inner.canonicalSerialized()), original.type == .receipt,
                  (try? original.verify(from: partner.id, to: node.id, keys: partner.keys, now: original.createdAt, window: node.window)) != nil,
                  case .object(let receipted)? = try? original.payloadValue(),
                  receipted["receivedMessageId"] == .string(sent.messageID.uuidString.lowercased())
            else {
                return .failed("HTTP \(response.status): a replay answer without a valid original receipt")
            }
            receipt = original
        }
        logger.info("delivered", metadata: ["partner": "\(partner.id)", "message": "\(item.messageID)", "declaration": "\(item.declarationID)"])
        return .delivered(receipt: String(decoding: receipt.serialized(), as: UTF8.self))
    }

    enum SendError: Error, CustomStringConvertible {
        /// No connection could be made: the partner is down or unreachable.
        case connect(HTTPClientError)
        case exchange(HTTPClientError)

        var description: String {
            switch self {
            case .connect(let error), .exchange(let error): "\(error)"
            }
        }
    }

    /// Sends on the partner's keep-alive connection. A reused connection the partner had already
    /// closed fails before any byte of an answer; that one case is retried at once on a fresh
    /// connection (harmless: the partner recognises the message id).
    private func send(_ request: HTTPClientRequest, to endpoint: HTTPSEndpoint, partner: String) throws(SendError) -> HTTPClientResponse {
        if let existing = connections[partner], existing.isReusable {
            do {
                let response = try existing.send(request)
                if !existing.isReusable { connections[partner] = nil }
                return response
            } catch {
                existing.close()
                connections[partner] = nil
                guard case .closedBeforeResponse(bytesReceived: 0) = error else { throw .exchange(error) }
            }
        }
        let fresh: HTTPClientConnection
        do {
            fresh = try HTTPClientConnection(host: endpoint.host, port: endpoint.port, tls: tls, timeout: configuration.timeout)
        } catch {
            throw .connect(error)
        }
        do {
            let response = try fresh.send(request)
            connections[partner] = fresh.isReusable ? fresh : nil
            if !fresh.isReusable { fresh.close() }
            return response
        } catch {
            fresh.close()
            throw .exchange(error)
        }
    }
}
