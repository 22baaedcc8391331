import CarrierAPI
import Customs
import DeclarationStore
import Exchange
import ExchangeStore
import Foundation
import HTTPServer
import LaneStore
import Logging
import TLS

/// The partner listener's routes (Docs/exchange-protocol.md). The caller is identified by its
/// verified TLS client certificate; every answer to a registered partner is a signed envelope,
/// refusals included, so the partner can prove what we said.
public struct PartnerHandlers: Sendable {
    let node: ExchangeNode
    let partners: PartnerStore
    let feed: ManifestFeed
    let declarations: DeclarationStore
    let router: LaneRouter
    let clock: CrossingClock
    let logger = Logger(label: "smartgate.exchange")

    public init(node: ExchangeNode, partners: PartnerStore, feed: ManifestFeed, declarations: DeclarationStore,
                router: LaneRouter, clock: CrossingClock = CrossingClock()) {
        self.node = node
        self.partners = partners
        self.feed = feed
        self.declarations = declarations
        self.router = router
        self.clock = clock
    }

    var now: UTCTimestamp { UTCTimestamp(millisecondsSince1970: clock.now().microseconds / 1000) }

    /// The registered partner presenting this request's client certificate, or 403.
    func partner(_ request: HTTPRequest) throws(HTTPError) -> Partner {
        let fingerprint = try Self.certificateFingerprint(request)
        let found: Partner?
        do {
            found = try partners.partner(certificateSHA256: fingerprint)
        } catch {
            logger.warning("partner lookup failed", metadata: ["error": "\(error)"])
            throw Self.unavailable
        }
        guard let found else {
            logger.warning("unregistered partner certificate", metadata: ["subject": "\(request.peerCertificate?.subject ?? "")", "sha256": "\(fingerprint)"])
            throw HTTPError(.forbidden, code: "unknown_partner",
                            detail: "The client certificate (SHA-256 \(fingerprint)) is not registered; see `smartgate partner add`.")
        }
        return found
    }

    /// As `partner(_:)` when the cache holds the partner; nil when only the database can say.
    private func cachedPartner(_ request: HTTPRequest) throws(HTTPError) -> Partner? {
        partners.cachedPartner(certificateSHA256: try Self.certificateFingerprint(request))
    }

    private static func certificateFingerprint(_ request: HTTPRequest) throws(HTTPError) -> String {
        guard let certificate = request.peerCertificate else {
            throw HTTPError(.forbidden, code: "client_certificate_required", detail: "The partner listener needs a client certificate.")
        }
        return certificate.sha256Fingerprint
    }

    // MARK: GET /partner/v1/manifests?after=&limit=

    func manifests(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let partner = try partner(request)
        for (name, _) in request.query where name != "after" && name != "limit" {
            return signedError(.malformed("unknown query parameter \(name)"), to: partner, refersTo: nil, status: .badRequest)
        }
        let after = Int64(request.query["after"] ?? "0") ?? -1
        let limit = Int(request.query["limit"] ?? "100") ?? -1
        guard after >= 0, (1...1000).contains(limit) else {
            return signedError(.malformed("after must be a cursor (an integer ≥ 0) and limit 1 to 1000"), to: partner, refersTo: nil, status: .badRequest)
        }
        do {
            let page = try feed.page(for: partner, after: after, limit: limit)
            let payload: JSONValue = [
                "after": .string(String(after)), "next": .string(String(page.next)),
                "count": .number(JSONNumber(page.manifests.count)), "manifests": .array(page.manifests),
            ]
            return try signed(.manifestBatch, payload, to: partner, status: .ok)
        } catch {
            logger.error("manifest page failed", metadata: ["error": "\(error)"])
            throw Self.unavailable
        }
    }

    // MARK: POST /partner/v1/messages

    /// Runs on the I/O thread (the route does not block) while nothing has to be read from the
    /// database: the partner and the trader's profile are cached, and the message is neither
    /// refused nor signed with a key the cached partner lacks. Otherwise it starts again on a
    /// worker, which may wait.
    func message(_ request: HTTPRequest, _ promise: ResponsePromise) throws(HTTPError) {
        if try !message(request, promise, waiting: false) {
            promise.offload { () throws(HTTPError) in _ = try self.message(request, promise, waiting: true) }
        }
    }

    /// False, with nothing done, when not `waiting` and the database would have to be read.
    private func message(_ request: HTTPRequest, _ promise: ResponsePromise, waiting: Bool) throws(HTTPError) -> Bool {
        // From here to the submit is CPU work (and look-ups when `waiting`): a commit starting
        // meanwhile may wait for this declaration.
        let intent = declarations.intend()
        defer { declarations.abandon(intent) }
        let pending: PendingDeclaration, receipt: [UInt8], envelope: Envelope, partner: Partner
        switch try accept(request, waiting: waiting) {
        case .mustWait:
            return false
        case .answer(let response):
            promise.succeed(response)
            return true
        case .store(let declaration, let signed, let message, let sender):
            (pending, receipt, envelope, partner) = (declaration, signed, message, sender)
        }
        // Stored with the declaration in one group commit: the receipt exists only if the
        // declaration does. The answer is sent from the commit's thread; this thread moves on.
        declarations.submit(pending, intent: intent) { [self] result in
            switch result {
            case .success(.inserted):
                promise.succeed(HTTPResponse(status: .created, jsonBytes: receipt))
            case .success(let outcome):
                // Not stored: the signed refusal (and for a replay, the original receipt read from
                // PostgreSQL) is made off the committer's thread, which the next batch waits for.
                DispatchQueue.global().async { [self] in
                    promise.complete { () throws(HTTPError) -> HTTPResponse in
                        if outcome == .credentialRevoked {
                            // The partner is cached; the commit saw the key retired (or expired) since.
                            let refusal = ExchangeRefusal.keyNotValid(envelope.keyID, reason: "it was retired or expired before the message was stored")
                            return signedError(refusal, to: partner, refersTo: envelope.messageID, status: refusal.httpStatus)
                        }
                        guard let earlier = try storedReceipt(partner, key: Self.idempotencyKey(envelope)) else { throw Self.unavailable }
                        return replayed(envelope, receipt: earlier, to: partner)
                    }
                }
            case .failure(let error):
                // Not stored, so no receipt: the partner retries with the same message id.
                logger.error("a partner declaration could not be stored", metadata: ["error": "\(error)"])
                promise.fail(HTTPError(.serviceUnavailable, code: "database_unavailable", detail: "Not stored; send the same message again shortly.",
                                       headers: HTTPFields([("Retry-After", "2")])))
            }
        }
        return true
    }

    /// What a message comes to before the commit: an answer, or a declaration to store with the
    /// receipt it will get.
    private enum Accepted {
        case answer(HTTPResponse)
        case store(PendingDeclaration, receipt: [UInt8], envelope: Envelope, partner: Partner)
        /// Not `waiting`, and the database would have to be read.
        case mustWait
    }

    private func accept(_ request: HTTPRequest, waiting: Bool) throws(HTTPError) -> Accepted {
        guard var partner = waiting ? try partner(request) : try cachedPartner(request) else { return .mustWait }
        let envelope: Envelope
        do throws(ExchangeRefusal) {
            envelope = try Envelope.parse(request.body)
            do throws(ExchangeRefusal) {
                try envelope.verify(from: partner.id, to: node.id, keys: partner.keys, now: now, window: node.window)
            } catch .unknownKey(let keyID) {
                // The partner may come from the cache, and the key may have been added since.
                guard waiting else { return .mustWait }
                guard let certificate = request.peerCertificate,
                      let fresh = try? partners.refreshed(certificateSHA256: certificate.sha256Fingerprint),
                      fresh.keys.contains(where: { $0.keyID == keyID }) else { throw ExchangeRefusal.unknownKey(keyID) }
                partner = fresh
                try envelope.verify(from: partner.id, to: node.id, keys: partner.keys, now: now, window: node.window)
            }
        } catch {
            logger.warning("partner message refused", metadata: ["partner": "\(partner.id)", "code": "\(error.code)", "detail": "\(error)"])
            return .answer(signedError(error, to: partner, refersTo: nil, status: error.httpStatus))
        }
        guard envelope.type == .declaration else {
            return .answer(signedError(.unexpectedType(envelope.type.rawValue), to: partner, refersTo: envelope.messageID, status: .unprocessableContent))
        }
        // The message id is the idempotency key, remembered in PostgreSQL: a replay is found by the
        // group commit (its key is taken), and only a refusal looks for a stored receipt first, so
        // the usual message costs no look-up.
        let key = Self.idempotencyKey(envelope)
        let payload: JSONValue
        do {
            payload = try envelope.payloadValue()
        } catch {
            return .answer(signedError(error, to: partner, refersTo: envelope.messageID, status: .badRequest))
        }
        guard case .object(let body) = payload, case .string(let reference)? = body["reference"], let document = body["declaration"] else {
            guard waiting else { return .mustWait }
            if let earlier = try storedReceipt(partner, key: key) { return .answer(replayed(envelope, receipt: earlier, to: partner)) }
            return .answer(signedError(.invalidPayload("a declaration message's payload is {\"reference\": \"…\", \"declaration\": {…}}"),
                                       to: partner, refersTo: envelope.messageID, status: .unprocessableContent))
        }
        let time = clock.now()
        let declaration: Declaration
        switch DeclarationIntake.validate(document, today: CrossingClock.vietnameseDate(at: time)) {
        case .success(let value): declaration = value
        case .failure(let failure):
            // A retry of a message stored days ago (with a wide clock window) gets its receipt
            // back, not a refusal against today's date.
            guard waiting else { return .mustWait }
            if let earlier = try storedReceipt(partner, key: key) { return .answer(replayed(envelope, receipt: earlier, to: partner)) }
            var problems: [JSONValue] = []
            if case .invalid(let list) = failure { problems = list.map { $0.jsonValue() } }
            return .answer(signedError(.invalidPayload("the declaration does not validate (\(problems.count) problems)"), to: partner,
                                       refersTo: envelope.messageID, status: .unprocessableContent, extra: ["problems": .array(problems)]))
        }
        let decision: LaneDecision
        do {
            if waiting {
                decision = try router.decide(declaration, at: time)
            } else {
                guard let cached = try router.decideWithoutWaiting(declaration, at: time) else { return .mustWait }
                decision = cached
            }
        } catch {
            throw Self.unavailable
        }
        let id = DeclarationID.make(at: time)
        // What the receipt confirms, and what a later message with this id must match.
        let digest = TLS.Digest.sha256(envelope.signedBytes())
        let receipt: Envelope
        do {
            receipt = try Envelope.seal(type: .receipt, payload: ExchangeMessages.receipt(for: envelope, digest: digest, stored: [
                "reference": .string(reference), "declarationId": .string(id.uuidString.lowercased()), "lane": .string(decision.lane.rawValue),
            ]), from: node.id, to: partner.id, key: node.key, at: now)
        } catch {
            throw HTTPError(.internalServerError, code: "signing_failed", detail: "The receipt could not be signed.")
        }
        let receiptBytes = receipt.serialized()
        let pending = PendingDeclaration(
            id: id, carrierID: partner.carrierID, declaration: declaration, createdAt: time, decision: decision,
            idempotency: .init(key: key, requestSHA256: digest,
                               responseBody: String(decoding: receiptBytes, as: UTF8.self)),
            partnerKeyID: envelope.keyID)
        return .store(pending, receipt: receiptBytes, envelope: envelope, partner: partner)
    }

    static func idempotencyKey(_ envelope: Envelope) -> String {
        "exchange:" + envelope.messageID.uuidString.lowercased()
    }

    private func storedReceipt(_ partner: Partner, key: String) throws(HTTPError) -> String? {
        do {
            return try declarations.storedAnswer(carrierID: partner.carrierID, key: key)?.body
        } catch {
            throw Self.unavailable
        }
    }

    /// A message id seen before: a signed error carrying the original receipt, so a sender whose
    /// first attempt was stored (and only the receipt was lost) learns it, and nothing is stored twice.
    private func replayed(_ envelope: Envelope, receipt: String, to partner: Partner) -> HTTPResponse {
        let original = (try? JSONParser.parse(Array(receipt.utf8))) ?? .null
        return signedError(.replayed(envelope.messageID.uuidString.lowercased()), to: partner, refersTo: envelope.messageID,
                           status: .conflict, extra: ["receipt": original])
    }

    /// PostgreSQL could not answer: nothing was stored, so no receipt; the partner sends again.
    static let unavailable = HTTPError(.serviceUnavailable, code: "database_unavailable", detail: "Try again shortly.",
                                       headers: HTTPFields([("Retry-After", "2")]))

    private func signed(_ type: MessageType, _ payload: JSONValue, to partner: Partner, status: HTTPStatus) throws -> HTTPResponse {
        let envelope = try Envelope.seal(type: type, payload: payload, from: node.id, to: partner.id, key: node.key, at: now)
        return HTTPResponse(status: status, jsonBytes: envelope.serialized())
    }

    private func signedError(_ refusal: ExchangeRefusal, to partner: Partner, refersTo: UUID?, status: HTTPStatus,
                             extra: JSONObject = [:]) -> HTTPResponse {
        do {
            return try signed(.error, ExchangeMessages.error(refusal, refersTo: refersTo, extra: extra), to: partner, status: status)
        } catch {
            return HTTPError(.internalServerError, code: "signing_failed", detail: "The error could not be signed.").response(requestID: nil)
        }
    }
}
