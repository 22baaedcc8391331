import Customs
import DeclarationStore
import Foundation
import HTTPServer
import LaneStore
import TLS

/// The carriers' declaration endpoints. Each handler authenticates first (401 before anything
/// else is revealed), then works only within that carrier's declarations. Blocking, registered
/// on the worker pool, except the submission (`submit`).
public struct DeclarationHandlers: Sendable {
    let store: DeclarationStore
    let authenticator: CarrierAuthenticator
    let clock: CrossingClock
    let gate: IdempotencyGate
    let router: LaneRouter

    public init(store: DeclarationStore, authenticator: CarrierAuthenticator, router: LaneRouter, clock: CrossingClock = CrossingClock(),
                gate: IdempotencyGate = IdempotencyGate()) {
        self.store = store
        self.authenticator = authenticator
        self.router = router
        self.clock = clock
        self.gate = gate
    }

    // MARK: POST /v1/declarations

    /// Runs on the I/O thread (the route does not block) while nothing has to be read from the
    /// database: the key and the trader's profile are cached and there is no Idempotency-Key.
    /// Otherwise the submission starts again on a worker (`submitWaiting`); a cache misses only
    /// for a key or trader not seen since the daemon started or since it changed. (The server
    /// itself runs a body over `Route.inlineBodyLimit` on a worker.)
    func submit(_ request: HTTPRequest, _ promise: ResponsePromise) throws(HTTPError) {
        guard request.headers["Idempotency-Key"] == nil, let identity = try authenticator.cachedIdentity(for: request) else {
            promise.offload { () throws(HTTPError) in try self.submitWaiting(request, promise) }
            return
        }
        try Self.requireJSON(request)
        if try !submitUnkeyed(request, identity: identity, promise, waiting: false) {
            promise.offload { () throws(HTTPError) in try self.submitWaiting(request, promise) }
        }
    }

    /// The whole submission, on a worker: it may wait for the database.
    private func submitWaiting(_ request: HTTPRequest, _ promise: ResponsePromise) throws(HTTPError) {
        let identity = try authenticator.identity(for: request)
        let carrierID = identity.carrierID
        try Self.requireJSON(request)
        guard let key = try Self.idempotencyKey(request) else {
            _ = try submitUnkeyed(request, identity: identity, promise, waiting: true)
            return
        }
        let requestHash = Digest.sha256(request.body)
        promise.succeed(try gate.withKey(IdempotencyGate.Key(carrierID: carrierID, key: key)) { () throws(HTTPError) -> HTTPResponse in
            if let answer = try storedAnswer(carrierID: carrierID, key: key) {
                return try Self.replay(answer, requestHash: requestHash, key: key)
            }
            return try submitNew(request, identity: identity, idempotencyKey: (key, requestHash))
        })
    }

    /// Without an Idempotency-Key there is nothing to look up after the commit: the answer is sent
    /// from the commit's thread, and this thread is free for the next request meanwhile. False,
    /// with nothing done, when not `waiting` and the lane needs a profile the cache lacks.
    private func submitUnkeyed(_ request: HTTPRequest, identity: CarrierAuthenticator.Identity, _ promise: ResponsePromise,
                               waiting: Bool) throws(HTTPError) -> Bool {
        let intent = store.intend()
        defer { store.abandon(intent) }
        let now = clock.now()
        let declaration: Declaration
        switch intake(request, at: now) {
        case .refused(let response):
            promise.succeed(response)
            return true
        case .accepted(let accepted):
            declaration = accepted
        }
        let decision: LaneDecision
        if waiting {
            decision = try decide(declaration, at: now)
        } else {
            guard let cached = try decideWithoutWaiting(declaration, at: now) else { return false }
            decision = cached
        }
        let (pending, body) = pending(declaration, decision: decision, identity: identity, idempotencyKey: nil, at: now)
        store.submit(pending, intent: intent) { result in
            promise.complete { () throws(HTTPError) in
                let outcome: CommitOutcome
                switch result {
                case .success(let value): outcome = value
                case .failure(let error): throw Problems.from(error)
                }
                guard let response = try Self.answer(outcome, pending: pending, body: body, keyID: identity.keyID) else {
                    throw Problems.from(.unavailable("an idempotency key was taken by a request without one"))
                }
                return response
            }
        }
        return true
    }

    /// The body decoded and validated, or the refusal to send.
    private enum Intake {
        case accepted(Declaration)
        case refused(HTTPResponse)
    }

    /// CPU work only, between `intend` and `submit` (as is everything up to `submit`): a commit
    /// starting meanwhile may wait for this declaration.
    private func intake(_ request: HTTPRequest, at now: Timestamp) -> Intake {
        switch DeclarationIntake.decode(request.body, today: CrossingClock.vietnameseDate(at: now)) {
        case .success(let declaration): .accepted(declaration)
        case .failure(let failure): .refused(Self.refusal(failure, requestID: request.requestID))
        }
    }

    /// The declaration ready for the group commit, with the answer it will get once committed.
    private func pending(_ declaration: Declaration, decision: LaneDecision, identity: CarrierAuthenticator.Identity,
                         idempotencyKey: (key: String, hash: [UInt8])?, at now: Timestamp) -> (PendingDeclaration, body: [UInt8]) {
        var pending = PendingDeclaration(id: DeclarationID.make(at: now), carrierID: identity.carrierID, declaration: declaration,
                                         createdAt: now, decision: decision, idempotency: nil, apiKeyID: identity.keyID)
        let body = pending.answerBytes()
        if let idempotencyKey {
            pending.idempotency = .init(key: idempotencyKey.key, requestSHA256: idempotencyKey.hash,
                                        responseBody: String(decoding: body, as: UTF8.self))
        }
        return (pending, body)
    }

    /// The answer to a committed submission; nil when its idempotency key was taken first, which
    /// only the caller holding the key can answer.
    private static func answer(_ outcome: CommitOutcome, pending: PendingDeclaration, body: [UInt8],
                               keyID: String) throws(HTTPError) -> HTTPResponse? {
        switch outcome {
        case .inserted: return created(id: pending.id, body: body)
        case .credentialRevoked: throw CarrierAuthenticator.revoked(keyID: keyID)
        case .idempotencyKeyTaken: return nil
        }
    }

    /// With an Idempotency-Key: waits for the commit on this worker, since a key taken by another
    /// daemon meanwhile means reading that daemon's answer.
    private func submitNew(_ request: HTTPRequest, identity: CarrierAuthenticator.Identity,
                           idempotencyKey: (key: String, hash: [UInt8])) throws(HTTPError) -> HTTPResponse {
        let intent = store.intend()
        defer { store.abandon(intent) }
        let now = clock.now()
        let declaration: Declaration
        switch intake(request, at: now) {
        case .refused(let response): return response
        case .accepted(let accepted): declaration = accepted
        }
        let (pending, body) = pending(declaration, decision: try decide(declaration, at: now), identity: identity,
                                      idempotencyKey: idempotencyKey, at: now)
        let outcome: CommitOutcome
        do {
            outcome = try store.submit(pending, intent: intent)
        } catch {
            throw Problems.from(error)
        }
        if let response = try Self.answer(outcome, pending: pending, body: body, keyID: identity.keyID) { return response }
        // Another daemon committed this key first: answer as a repeat would be answered.
        guard let answer = try storedAnswer(carrierID: identity.carrierID, key: idempotencyKey.key) else {
            throw Problems.from(.unavailable("the idempotency key was taken but its answer is not visible yet"))
        }
        return try Self.replay(answer, requestHash: idempotencyKey.hash, key: idempotencyKey.key)
    }

    /// The lane for a new version; 503 when the trader register cannot be read or no ruleset is loaded.
    private func decide(_ declaration: Declaration, at now: Timestamp) throws(HTTPError) -> LaneDecision {
        do {
            return try router.decide(declaration, at: now)
        } catch {
            throw Problems.from(.unavailable(error.description))
        }
    }

    /// As `decide`, nil when the trader's profile would have to be read from the database.
    private func decideWithoutWaiting(_ declaration: Declaration, at now: Timestamp) throws(HTTPError) -> LaneDecision? {
        do {
            return try router.decideWithoutWaiting(declaration, at: now)
        } catch {
            throw Problems.from(.unavailable(error.description))
        }
    }

    private func storedAnswer(carrierID: UUID, key: String) throws(HTTPError) -> StoredAnswer? {
        do {
            return try store.storedAnswer(carrierID: carrierID, key: key)
        } catch {
            throw Problems.from(error)
        }
    }

    static func replay(_ answer: StoredAnswer, requestHash: [UInt8], key: String) throws(HTTPError) -> HTTPResponse {
        guard answer.requestSHA256 == requestHash else {
            throw HTTPError(.conflict, code: "idempotency_key_reused",
                            detail: "The Idempotency-Key \"\(key)\" was already used with a different request body.")
        }
        var response = created(id: answer.declarationID, body: Array(answer.body.utf8))
        response.status = HTTPStatus(code: answer.status)
        response.headers.set(name: "Idempotent-Replayed", value: "true")
        return response
    }

    static func created(id: UUID, body: [UInt8]) -> HTTPResponse {
        var response = HTTPResponse(status: .created, jsonBytes: body)
        response.headers.set(name: "Location", value: "/v1/declarations/\(id.lowercasedString)")
        return response
    }

    // MARK: GET

    func find(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let carrierID = try authenticator.carrier(for: request)
        let id = try Self.declarationID(request)
        do {
            return Self.json(.ok, try store.find(id: id, carrierID: carrierID).jsonValue())
        } catch {
            throw Problems.from(error)
        }
    }

    func list(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let carrierID = try authenticator.carrier(for: request)
        let filter = try ListQuery.filter(from: request.query)
        let page: DeclarationPage
        do {
            page = try store.list(carrierID: carrierID, filter: filter)
        } catch {
            throw Problems.from(error)
        }
        var object: JSONObject = ["items": .array(page.items.map { $0.jsonValue() })]
        object["nextCursor"] = page.next.map { .string($0.token) } ?? .null
        return Self.json(.ok, .object(object))
    }

    func version(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let carrierID = try authenticator.carrier(for: request)
        let id = try Self.declarationID(request)
        guard let text = request.pathParameters["n"], text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              text.utf8.count <= 9, let number = Int(text), number >= 1
        else { throw Problems.notFound }
        do {
            return Self.json(.ok, try store.version(number, of: id, carrierID: carrierID).jsonValue())
        } catch {
            throw Problems.from(error)
        }
    }

    // MARK: Changes

    func amend(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let carrierID = try authenticator.carrier(for: request)
        let id = try Self.declarationID(request)
        try Self.requireJSON(request)
        let now = clock.now()
        let declaration: Declaration
        switch DeclarationIntake.decode(request.body, today: CrossingClock.vietnameseDate(at: now)) {
        case .success(let value): declaration = value
        case .failure(let failure): return Self.refusal(failure, requestID: request.requestID)
        }
        // Decided before the store checks that the declaration may be amended: wasted only on a refusal.
        let decision = try decide(declaration, at: now)
        do {
            let record = try store.amend(id: id, carrierID: carrierID, document: declaration.jsonValue(), decision: decision, at: now)
            var response = Self.json(.created, record.jsonValue())
            response.headers.set(name: "Location", value: "/v1/declarations/\(id.lowercasedString)/versions/\(record.version)")
            return response
        } catch {
            throw Problems.from(error)
        }
    }

    func cancel(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let carrierID = try authenticator.carrier(for: request)
        let id = try Self.declarationID(request)
        do {
            return Self.json(.ok, try store.cancel(id: id, carrierID: carrierID, at: clock.now()).jsonValue())
        } catch {
            throw Problems.from(error)
        }
    }

    // MARK: Request checks

    /// 415 unless the body is declared as JSON (`application/json`, optionally `charset=utf-8`).
    public static func requireJSON(_ request: HTTPRequest) throws(HTTPError) {
        let value = request.headers["Content-Type"] ?? ""
        let parts = value.split(separator: ";").map { $0.trimmingOWS().lowercased() }
        let mediaTypeOK = parts.first == "application/json"
        let parametersOK = parts.dropFirst().allSatisfy { $0 == "charset=utf-8" || $0 == "charset=\"utf-8\"" }
        guard mediaTypeOK && parametersOK else {
            throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                            detail: value.isEmpty ? "Send the body with `Content-Type: application/json`."
                                : "Content-Type \(value) is not accepted; send `application/json` (UTF-8).",
                            headers: HTTPFields([("Accept-Post", "application/json")]))
        }
    }

    /// The `Idempotency-Key` header: 1–255 visible ASCII characters, once.
    static func idempotencyKey(_ request: HTTPRequest) throws(HTTPError) -> String? {
        let values = request.headers.values(for: "Idempotency-Key")
        guard let value = values.first else { return nil }
        guard values.count == 1, (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw HTTPError(.badRequest, code: "invalid_idempotency_key",
                            detail: "Idempotency-Key must be sent once, 1 to 255 visible ASCII characters (a UUID is a good choice).")
        }
        return value
    }

    static func declarationID(_ request: HTTPRequest) throws(HTTPError) -> UUID {
        guard let text = request.pathParameters["id"], let id = UUID(uuidString: text) else { throw Problems.notFound }
        return id
    }

    static func refusal(_ failure: IntakeFailure, requestID: String) -> HTTPResponse {
        switch failure {
        case .malformedJSON(let error) where error.kind == .tooLarge:
            return HTTPError(.contentTooLarge, code: "body_too_large", detail: error.description).response(requestID: requestID)
        case .malformedJSON(let error):
            return ProblemDocument.malformedJSON(error, requestID: requestID)
        case .invalid(let problems):
            return ProblemDocument.invalidDeclaration(problems, requestID: requestID)
        }
    }

    public static func json(_ status: HTTPStatus, _ value: JSONValue) -> HTTPResponse {
        HTTPResponse(status: status, jsonBytes: value.serialized())
    }
}
