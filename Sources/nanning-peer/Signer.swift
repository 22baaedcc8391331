import Customs
import Exchange
import Foundation
import Signatures

/// Seals our outgoing envelopes and checks the gateway's, applying the signing faults on the way
/// out. A fault works on the wire form (the envelope's JSON), because a well-formed `Envelope`
/// cannot be made to carry a wrong signature, and that is exactly what the gateway must see.
struct Signer: Sendable {
    let nodeID: String
    let gatewayID: String
    let key: SigningKey
    let gatewayKeys: [PartnerKey]
    let window: Duration
    /// Signs instead of `key` (the `--expired-key` fault).
    let substituteKey: SigningKey?
    let tamperSignature: Bool
    let tamperPayload: Bool
    let staleSeconds: Int

    /// `faults` nil: none (a parsable `FaultOptions()` cannot be read unless it was parsed).
    init(node: NodeOptions, faults: FaultOptions? = nil) throws {
        nodeID = node.nodeID
        gatewayID = node.gatewayID
        key = try SigningKey(pemFile: node.signingKey)
        let pem = try String(contentsOfFile: node.gatewaySigningKey, encoding: .utf8)
        // The gateway's own key, trusted from the dawn of time: rotations are the gateway's to announce.
        gatewayKeys = [PartnerKey(key: try VerifyingKey(pem: pem), validFrom: UTCTimestamp(millisecondsSince1970: 0),
                                  validUntil: nil, retiredAt: nil)]
        window = .seconds(node.windowSeconds)
        substituteKey = try faults?.expiredKey.map { try SigningKey(pemFile: $0) }
        tamperSignature = faults?.tamperSignature ?? false
        tamperPayload = faults?.tamperPayload ?? false
        staleSeconds = faults?.staleSeconds ?? 0
    }

    static var now: UTCTimestamp { UTCTimestamp(Date()) }

    /// An envelope to the gateway and its wire bytes (which differ from `envelope.serialized()` under a fault).
    func seal(_ type: MessageType, _ payload: JSONValue, messageID: UUID = UUID()) throws -> (envelope: Envelope, wire: [UInt8]) {
        let at = UTCTimestamp(millisecondsSince1970: Self.now.millisecondsSince1970 - Int64(staleSeconds) * 1000)
        let envelope = try Envelope.seal(type: type, payload: payload, from: nodeID, to: gatewayID, key: substituteKey ?? key,
                                         at: at, messageID: messageID)
        return (envelope, spoil(envelope))
    }

    func spoil(_ envelope: Envelope) -> [UInt8] {
        guard tamperSignature || tamperPayload, case .object(var object) = envelope.jsonValue() else { return envelope.serialized() }
        if tamperSignature, case .string(let text)? = object["signature"], var bytes = Data(base64Encoded: text) {
            bytes[0] ^= 0x01
            object["signature"] = .string(bytes.base64EncodedString())
        }
        if tamperPayload, case .object(var payload)? = object["payload"] {
            // Still a valid payload, just not the one that was signed: only the signature can tell.
            payload["reference"] = .string("tampered-\(UUID().uuidString.lowercased().prefix(8))")
            object["payload"] = .object(payload)
        }
        return JSONValue.object(object).canonicalSerialized()
    }

    /// An answer from the gateway, parsed and verified, or why not.
    func verifyFromGateway(_ bytes: [UInt8]) throws(ExchangeRefusal) -> Envelope {
        let envelope = try Envelope.parse(bytes)
        try envelope.verify(from: gatewayID, to: nodeID, keys: gatewayKeys, now: Self.now, window: window)
        return envelope
    }
}
