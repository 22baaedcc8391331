import Customs
import Exchange
import Foundation
import HTTPClient

/// Pushes our declarations to the gateway and judges its answers. Used by `push` (many, on
/// several connections) and by `serve`'s schedule (one at a time).
struct Pusher: Sendable {
    let signer: Signer
    let store: PeerStore?

    /// A `declaration` message for a freshly generated document, as (envelope, wire bytes).
    func message(_ document: JSONValue, reference: String, messageID: UUID = UUID()) throws -> (envelope: Envelope, wire: [UInt8]) {
        try signer.seal(.declaration, ["reference": .string(reference), "declaration": document], messageID: messageID)
    }

    func send(_ message: (envelope: Envelope, wire: [UInt8]), over client: GatewayClient) -> PushOutcome {
        judge(post(message, over: client), for: message)
    }

    /// What came back for one sending, its signature not checked yet.
    enum Answer: Sendable {
        case response(HTTPClientResponse)
        case failed(String)
    }

    /// Sends only: `push` checks the answers after its clock stops (`judge`), so the rate it
    /// reports is the gateway's, not this peer's Ed25519 verifications on the same cores.
    func post(_ message: (envelope: Envelope, wire: [UInt8]), over client: GatewayClient) -> Answer {
        do {
            return .response(try client.post(message.wire))
        } catch {
            return .failed("\(error)")
        }
    }

    /// The outcome of one answer: its signature, type and contents checked against the message sent.
    func judge(_ sent: Answer, for message: (envelope: Envelope, wire: [UInt8])) -> PushOutcome {
        let response: HTTPClientResponse
        switch sent {
        case .response(let received): response = received
        case .failed(let why): return .transport(why)
        }
        let answer: Envelope
        do {
            answer = try signer.verifyFromGateway(response.body)
        } catch {
            let text = String(decoding: response.body.prefix(300), as: UTF8.self)
            return .unverified(status: response.status, why: "\(error) (HTTP \(response.status): \(text))")
        }
        guard let payload = try? answer.payloadValue(), case .object(let object) = payload else {
            return .unverified(status: response.status, why: "the answer's payload is not an object")
        }
        switch answer.type {
        case .receipt:
            guard ExchangeMessages.confirms(answer, delivered: message.envelope) else {
                return .unverified(status: response.status, why: "a receipt that does not match the message sent (id or digest)")
            }
            let lane = object["lane"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "?"
            let id = object["declarationId"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "?"
            try? store?.receipts.append(["direction": "received", "at": .string(Signer.now.description), "receipt": answer.jsonValue()])
            return .stored(lane: lane, declarationID: id)
        case .error:
            guard case .string(let code)? = object["code"] else { return .unverified(status: response.status, why: "an error without a code") }
            if code == "replayed" { return .replayed(confirmed: ExchangeMessages.confirms(answer, delivered: message.envelope)) }
            let detail = object["detail"].map { if case .string(let s) = $0 { s } else { $0.compactText } } ?? ""
            var problems = ""
            if case .array(let list)? = object["problems"], !list.isEmpty { problems = " problems: " + JSONValue.array(list).compactText }
            return .refused(code: code, status: response.status, detail: detail + problems)
        default:
            return .unverified(status: response.status, why: "a \(answer.type.rawValue) message where a receipt or error was expected")
        }
    }
}
