import Customs
import Foundation
import HTTPServer
import Signatures

/// A signed exchange message (Docs/exchange-protocol.md, "The envelope"). The signature is Ed25519
/// over the RFC 8785 canonical form of the envelope without its `signature` member, so either side
/// can re-serialise the JSON as its library likes and still verify.
public struct Envelope: Sendable, Equatable {
    public enum Payload: Sendable, Equatable {
        /// The payload object itself.
        case json(JSONValue)
        /// base64 of gzip of the payload's canonical JSON, for payloads above the threshold.
        case gzip(String)
    }

    public let messageID: UUID
    public let type: MessageType
    public let sender: String
    public let receiver: String
    public let createdAt: UTCTimestamp
    public let payload: Payload
    public let keyID: String
    public let signature: [UInt8]
    /// The bytes the signature covers, computed once: a received message needs them for its
    /// signature, its receipt's digest and its idempotency hash.
    private let canonical: [UInt8]

    /// Payloads whose canonical JSON is larger than this are sent gzip-compressed.
    public static let defaultCompressionThreshold = 8 * 1024
    /// Decompressed payloads larger than this are refused (a gzip bomb is not a declaration).
    public static let maxPayloadBytes = 32 << 20

    /// Builds and signs an envelope.
    public static func seal(type: MessageType, payload: JSONValue, from sender: String, to receiver: String,
                            key: SigningKey, at createdAt: UTCTimestamp, messageID: UUID = Envelope.newMessageID(),
                            compressAbove threshold: Int = defaultCompressionThreshold) throws(SignatureError) -> Envelope {
        let canonical = payload.canonicalSerialized()
        var body = Payload.json(payload)
        if canonical.count > threshold, let gzipped = Gzip.compress(canonical) {
            body = .gzip(Data(gzipped).base64EncodedString())
        }
        let unsigned = Envelope(messageID: messageID, type: type, sender: sender, receiver: receiver, createdAt: createdAt,
                                payload: body, keyID: key.publicKey.keyID, signature: [])
        return Envelope(signing: unsigned, signature: try key.sign(unsigned.signedBytes()))
    }

    /// A random (version 4) message id. Foundation's `UUID()` on Linux opens, reads and closes
    /// /dev/urandom each time (2.8 µs here, once per receipt); two draws from the system generator
    /// (getrandom) take 0.6 µs.
    public static func newMessageID() -> UUID {
        var generator = SystemRandomNumberGenerator()
        let a: UInt64 = generator.next(), b: UInt64 = generator.next()
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(uuid: (
            byte(a, 0), byte(a, 8), byte(a, 16), byte(a, 24), byte(a, 32), byte(a, 40),
            0x40 | (byte(a, 48) & 0x0F), byte(a, 56),  // version 4
            0x80 | (byte(b, 0) & 0x3F), byte(b, 8),    // variant 10
            byte(b, 16), byte(b, 24), byte(b, 32), byte(b, 40), byte(b, 48), byte(b, 56)))
    }

    init(messageID: UUID, type: MessageType, sender: String, receiver: String, createdAt: UTCTimestamp,
         payload: Payload, keyID: String, signature: [UInt8]) {
        self.messageID = messageID
        self.type = type
        self.sender = sender
        self.receiver = receiver
        self.createdAt = createdAt
        self.payload = payload
        self.keyID = keyID
        self.signature = signature
        canonical = JSONValue.object(Self.unsignedObject(messageID: messageID, type: type, sender: sender, receiver: receiver,
                                                         createdAt: createdAt, payload: payload, keyID: keyID)).canonicalSerialized()
    }

    /// A sealed envelope with its signature: the canonical bytes are the unsigned envelope's.
    private init(signing unsigned: Envelope, signature: [UInt8]) {
        messageID = unsigned.messageID
        type = unsigned.type
        sender = unsigned.sender
        receiver = unsigned.receiver
        createdAt = unsigned.createdAt
        payload = unsigned.payload
        keyID = unsigned.keyID
        self.signature = signature
        canonical = unsigned.canonical
    }

    /// The envelope without `signature`, as a JSON object.
    func unsignedObject() -> JSONObject {
        Self.unsignedObject(messageID: messageID, type: type, sender: sender, receiver: receiver, createdAt: createdAt,
                            payload: payload, keyID: keyID)
    }

    private static func unsignedObject(messageID: UUID, type: MessageType, sender: String, receiver: String,
                                       createdAt: UTCTimestamp, payload: Payload, keyID: String) -> JSONObject {
        var object: JSONObject = [
            "messageId": .string(messageID.uuidString.lowercased()),
            "type": .string(type.rawValue),
            "sender": .string(sender),
            "receiver": .string(receiver),
            "createdAt": .string(createdAt.description),
            "keyId": .string(keyID),
        ]
        switch payload {
        case .json(let value):
            object["payloadEncoding"] = "json"
            object["payload"] = value
        case .gzip(let text):
            object["payloadEncoding"] = "gzip"
            object["payload"] = .string(text)
        }
        return object
    }

    /// The bytes the signature covers: RFC 8785 over the envelope without `signature`.
    public func signedBytes() -> [UInt8] { canonical }

    public func jsonValue() -> JSONValue {
        var object = unsignedObject()
        object["signature"] = .string(Data(signature).base64EncodedString())
        return .object(object)
    }

    /// What goes on the wire: the canonical form, so what is sent is exactly what is signed (plus the signature).
    ///
    /// Spliced into the signed bytes rather than serialised again: in canonical (sorted) order
    /// `signature` is the last member but one, before `type`, whose value is one of
    /// `MessageType`'s names and needs no escape, so the signed bytes end with `,"type":"…"}`.
    public func serialized() -> [UInt8] {
        let tail = Array(#","type":""#.utf8) + Array(type.rawValue.utf8) + Array(#""}"#.utf8)
        precondition(canonical.count > tail.count && canonical.suffix(tail.count).elementsEqual(tail), "type is not the last member")
        var output = Array(canonical.dropLast(tail.count))
        output.reserveCapacity(canonical.count + 112)
        output.append(contentsOf: #","signature":""#.utf8)
        output.append(contentsOf: Data(signature).base64EncodedString().utf8)
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: tail)
        return output
    }

    /// The payload, decompressed and parsed when it was sent gzipped.
    public func payloadValue() throws(ExchangeRefusal) -> JSONValue {
        switch payload {
        case .json(let value):
            return value
        case .gzip(let text):
            guard let compressed = Data(base64Encoded: text),
                  let bytes = Gzip.decompress([UInt8](compressed), limit: Self.maxPayloadBytes) else {
                throw .malformed("payloadEncoding is gzip but payload is not base64 of a gzip stream (or inflates beyond \(Self.maxPayloadBytes) bytes)")
            }
            do {
                return try JSONParser.parse(bytes, limits: JSONLimits(maxBytes: Self.maxPayloadBytes))
            } catch {
                throw .malformed("the decompressed payload is not JSON: \(error)")
            }
        }
    }

    /// Reads an envelope strictly: every member present with its type, nothing else.
    public static func parse(_ bytes: [UInt8]) throws(ExchangeRefusal) -> Envelope {
        let value: JSONValue
        do {
            // A gzip payload is one long base64 string.
            value = try JSONParser.parse(bytes, limits: JSONLimits(maxBytes: maxPayloadBytes, maxStringBytes: maxPayloadBytes))
        } catch {
            throw .malformed("not JSON: \(error)")
        }
        guard case .object(let o) = value else { throw .malformed("the envelope must be a JSON object") }
        // RFC 8785 is defined on doubles: 1e400 and null would sign the same, so refuse what a double cannot hold.
        if let number = firstNonFiniteNumber(value) { throw .malformed("the number \(number) does not fit a double") }
        let known = ["messageId", "type", "sender", "receiver", "createdAt", "payloadEncoding", "payload", "keyId", "signature"]
        if let extra = o.keys.first(where: { !known.contains($0) }) { throw .malformed("unknown member \"\(extra)\"") }
        func string(_ key: String) throws(ExchangeRefusal) -> String {
            guard case .string(let text)? = o[key] else { throw .malformed("\(key) must be a string") }
            return text
        }
        // The signature covers these as this page writes them; another spelling of the same value
        // (upper-case hex, no milliseconds, another offset) would be re-serialised differently and
        // fail to verify for a reason the sender could not see, so it is refused by name.
        let idText = try string("messageId")
        guard let id = UUID(uuidString: idText), idText == id.uuidString.lowercased() else {
            throw .malformed("messageId must be a UUID in lower case (8-4-4-4-12 hex digits), found \(idText)")
        }
        guard let type = MessageType(rawValue: try string("type")) else {
            throw .malformed("type must be one of \(MessageType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let createdText = try string("createdAt")
        guard let createdAt = UTCTimestamp(rfc3339: createdText), createdAt.description == createdText else {
            throw .malformed("createdAt must be UTC with milliseconds, YYYY-MM-DDTHH:MM:SS.sssZ, found \(createdText)")
        }
        let payload: Payload
        switch try string("payloadEncoding") {
        case "json":
            guard case .object? = o["payload"] else { throw .malformed("a json payload must be an object") }
            payload = .json(o["payload"]!)
        case "gzip":
            payload = .gzip(try string("payload"))
        default:
            throw .malformed("payloadEncoding must be json or gzip")
        }
        guard let signature = Data(base64Encoded: try string("signature")), signature.count == 64 else {
            throw .malformed("signature must be the base64 of a 64-byte Ed25519 signature")
        }
        return Envelope(messageID: id, type: type, sender: try string("sender"), receiver: try string("receiver"),
                        createdAt: createdAt, payload: payload, keyID: try string("keyId"), signature: [UInt8](signature))
    }

    static func firstNonFiniteNumber(_ value: JSONValue) -> String? {
        switch value {
        case .number(let number): return (number.double?.isFinite ?? false) ? nil : number.text
        case .array(let elements): return elements.lazy.compactMap(firstNonFiniteNumber).first
        case .object(let object): return object.members.lazy.compactMap { firstNonFiniteNumber($0.value) }.first
        default: return nil
        }
    }

    /// Checks who sent it, to whom, with which key, its signature and its age. Pure: the keys and
    /// the time come from the caller. The replay check needs storage and is the caller's.
    public func verify(from sender: String, to receiver: String, keys: [PartnerKey], now: UTCTimestamp,
                       window: Duration) throws(ExchangeRefusal) {
        guard self.sender == sender else { throw .wrongSender(expected: sender, found: self.sender) }
        guard self.receiver == receiver else { throw .wrongReceiver(expected: receiver, found: self.receiver) }
        guard let key = keys.first(where: { $0.keyID == keyID }) else { throw .unknownKey(keyID) }
        // The signature first: nothing else about an unsigned message is worth reporting.
        guard key.key.isValidSignature(signature, for: signedBytes()) else { throw .badSignature }
        let windowMs = window.components.seconds * 1000
        guard abs(createdAt.millisecondsSince1970 - now.millisecondsSince1970) <= windowMs else {
            throw .stale(createdAt: createdAt.description, windowSeconds: Int(window.components.seconds))
        }
        if let problem = key.problem(createdAt: createdAt, now: now) { throw .keyNotValid(keyID, reason: problem) }
    }
}
