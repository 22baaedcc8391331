import Customs
import Foundation
import TLS

/// The payloads of receipts and errors (Docs/exchange-protocol.md).
public enum ExchangeMessages {
    /// A receipt for `received`: which message, the SHA-256 of exactly the bytes its signature
    /// covers, and what was stored.
    /// `digest`: the SHA-256 of `received.signedBytes()` when the caller has it already.
    public static func receipt(for received: Envelope, digest: [UInt8]? = nil, stored: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = [
            "receivedMessageId": .string(received.messageID.uuidString.lowercased()),
            "receivedType": .string(received.type.rawValue),
            "receivedDigest": .string(Digest.hex(digest ?? Digest.sha256(received.signedBytes()))),
            "status": "stored",
        ]
        for member in stored.members { object[member.key] = member.value }
        return .object(object)
    }

    /// An error payload: the refusal's code and text, what it refers to, and any extra members
    /// (the original receipt for a replay, validation problems for an invalid declaration).
    public static func error(_ refusal: ExchangeRefusal, refersTo messageID: UUID?, extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = [
            "code": .string(refusal.code),
            "detail": .string(refusal.description),
            "refersTo": messageID.map { .string($0.uuidString.lowercased()) } ?? .null,
        ]
        for member in extra.members { object[member.key] = member.value }
        return .object(object)
    }

    /// True when `envelope` is a receipt (or a replay error carrying one) for `sent`, with the
    /// right digest. The signature is the caller's to check first.
    public static func confirms(_ envelope: Envelope, delivered sent: Envelope) -> Bool {
        guard let payload = try? envelope.payloadValue(), case .object(var object) = payload else { return false }
        if envelope.type == .error {
            // A replay of something already stored: the original receipt travels along.
            guard case .string("replayed")? = object["code"], case .object(let receipt)? = object["receipt"],
                  case .object(let inner)? = receipt["payload"] else { return false }
            object = inner
        } else if envelope.type != .receipt {
            return false
        }
        return object["receivedMessageId"] == .string(sent.messageID.uuidString.lowercased())
            && (envelope.type == .error || object["receivedDigest"] == .string(Digest.hex(Digest.sha256(sent.signedBytes()))))
    }
}
