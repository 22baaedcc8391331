import Customs
import Exchange
import Foundation
import HTTPServer
import Logging
import TLS

/// Our partner listener: `POST /partner/v1/messages`, where the gateway's outbox delivers its
/// declarations. Mirrors what the gateway does for us (Sources/PartnerAPI): the TLS client
/// certificate must be the gateway's, and every answer to it is signed, refusals included.
struct PeerHandlers: Sendable {
    let signer: Signer
    let store: PeerStore
    /// SHA-256 of the gateway's client certificate, the only caller we answer.
    let gatewayFingerprint: String
    let faults: FaultOptions
    let logger: Logger

    func message(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        guard let certificate = request.peerCertificate, certificate.sha256Fingerprint == gatewayFingerprint else {
            logger.warning("refused a client that is not the gateway", metadata: ["subject": "\(request.peerCertificate?.subject ?? "-")"])
            throw HTTPError(.forbidden, code: "not_the_gateway", detail: "Only the Hữu Nghị gateway's client certificate may push here.")
        }
        let now = Signer.now
        let envelope: Envelope
        do {
            envelope = try Envelope.parse(request.body)
        } catch {
            try? store.attempts.append(["at": .string(now.description), "messageId": nil, "outcome": "malformed_envelope"])
            return signedError(error, refersTo: nil)
        }
        let id = envelope.messageID.uuidString.lowercased()
        // Before any check or dedupe: this file is the record of every delivery attempt.
        try? store.attempts.append(["at": .string(now.description), "messageId": .string(id), "type": .string(envelope.type.rawValue)])
        faults.delay()
        do {
            try envelope.verify(from: signer.gatewayID, to: signer.nodeID, keys: signer.gatewayKeys, now: now, window: signer.window)
        } catch {
            logger.warning("gateway message refused", metadata: ["message": "\(id)", "code": "\(error.code)", "detail": "\(error)"])
            return signedError(error, refersTo: envelope.messageID)
        }
        guard envelope.type == .declaration else { return signedError(.unexpectedType(envelope.type.rawValue), refersTo: envelope.messageID) }
        let payload: JSONValue
        do {
            payload = try envelope.payloadValue()
        } catch {
            return signedError(error, refersTo: envelope.messageID)
        }
        guard case .object(let body) = payload, let reference = body["reference"], case .object? = body["declaration"] else {
            return signedError(.invalidPayload("a declaration message's payload is {\"reference\": …, \"version\": n, \"declaration\": {…}}"),
                               refersTo: envelope.messageID)
        }
        let outcome: (earlier: JSONValue?, receipt: Envelope?)
        do {
            outcome = try store.storeOnce(envelope, at: now) {
                try signer.seal(.receipt, ExchangeMessages.receipt(for: envelope, stored: ["reference": reference])).envelope
            }
        } catch {
            // Not stored, so no receipt: the gateway's outbox retries with the same message id.
            logger.error("could not store a gateway message", metadata: ["message": "\(id)", "error": "\(error)"])
            throw HTTPError(.serviceUnavailable, code: "storage_failed", detail: "Not stored; send the same message again shortly.")
        }
        // Stored and fsync'ed (or stored before); now the answer may be lost on purpose: the
        // gateway must retry and learn from the `replayed` error that its first attempt was delivered.
        if faults.dropRate > 0, Double.random(in: 0..<1) < faults.dropRate {
            let dropped = ConnectionDropper.drop(peer: request.peerAddress)
            logger.notice("fault: answer dropped", metadata: ["message": "\(id)", "replay": "\(outcome.earlier != nil)", "connectionClosed": "\(dropped)"])
        }
        if let earlier = outcome.earlier {
            logger.info("replay of a stored message", metadata: ["message": "\(id)"])
            return signedError(.replayed(id), refersTo: envelope.messageID, extra: ["receipt": earlier])
        }
        logger.info("stored a gateway declaration", metadata: ["message": "\(id)", "reference": "\(reference.compactText)"])
        return HTTPResponse(status: .created, jsonBytes: signer.spoil(outcome.receipt!))
    }

    func signedError(_ refusal: ExchangeRefusal, refersTo: UUID?, extra: JSONObject = [:]) -> HTTPResponse {
        do {
            let (_, wire) = try signer.seal(.error, ExchangeMessages.error(refusal, refersTo: refersTo, extra: extra))
            return HTTPResponse(status: refusal.httpStatus, jsonBytes: wire)
        } catch {
            return HTTPError(.internalServerError, code: "signing_failed", detail: "The error could not be signed.").response(requestID: nil)
        }
    }
}
