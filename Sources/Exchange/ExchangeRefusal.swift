import HTTPServer

/// Why a partner's message was refused. Each becomes a signed `error` message with `code`.
public enum ExchangeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an envelope: not JSON, a field missing or of the wrong type.
    case malformed(String)
    /// The envelope's sender is not the partner the TLS client certificate belongs to.
    case wrongSender(expected: String, found: String)
    case wrongReceiver(expected: String, found: String)
    /// No key with this id is registered for the sender.
    case unknownKey(String)
    /// The key exists but was not valid when the message was made or is no longer (expired or retired).
    case keyNotValid(String, reason: String)
    case badSignature
    /// createdAt is outside the accepted window around our clock.
    case stale(createdAt: String, windowSeconds: Int)
    /// The message id was seen before (the original receipt travels with the error).
    case replayed(String)
    /// The type is not one this endpoint accepts.
    case unexpectedType(String)
    /// The payload is not what its type requires (a declaration that does not validate, say).
    case invalidPayload(String)

    public var code: String {
        switch self {
        case .malformed: "malformed_envelope"
        case .wrongSender: "wrong_sender"
        case .wrongReceiver: "wrong_receiver"
        case .unknownKey: "unknown_key"
        case .keyNotValid: "key_not_valid"
        case .badSignature: "bad_signature"
        case .stale: "stale_message"
        case .replayed: "replayed"
        case .unexpectedType: "unexpected_type"
        case .invalidPayload: "invalid_payload"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let why): "not a valid envelope: \(why)"
        case .wrongSender(let expected, let found): "the envelope says sender \(found), but the client certificate is \(expected)'s"
        case .wrongReceiver(let expected, let found): "the envelope is addressed to \(found), this node is \(expected)"
        case .unknownKey(let id): "no signing key \(id) is registered for the sender"
        case .keyNotValid(let id, let reason): "signing key \(id) is not valid: \(reason)"
        case .badSignature: "the signature does not verify over the envelope's canonical form"
        case .stale(let createdAt, let window): "createdAt \(createdAt) is more than \(window) s from this node's clock"
        case .replayed(let id): "message \(id) was received before"
        case .unexpectedType(let type): "a \(type) message is not accepted here"
        case .invalidPayload(let why): "the payload is not valid: \(why)"
        }
    }
}

extension ExchangeRefusal {
    /// The HTTP status a refusal is answered with, on both nodes (Docs/exchange-protocol.md).
    public var httpStatus: HTTPStatus {
        switch self {
        case .malformed, .stale: .badRequest
        case .unknownKey, .keyNotValid, .badSignature: .unauthorized
        case .wrongSender, .wrongReceiver: .forbidden
        case .replayed: .conflict
        case .unexpectedType, .invalidPayload: .unprocessableContent
        }
    }
}
