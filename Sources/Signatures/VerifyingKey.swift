import COpenSSL
import TLS

/// An Ed25519 public key: a partner node's, to check the envelopes it sends, or our own.
///
/// Equal keys have equal raw bytes; `keyID` names a key in envelopes and logs without carrying
/// the whole key.
public struct VerifyingKey: Sendable, Hashable, CustomStringConvertible {
    let key: EVPKey
    /// The 32-byte public key as RFC 8032 encodes it.
    public let raw: [UInt8]
    /// See `keyID`; computed once, since every received envelope looks its key up by it.
    private let id: String

    /// Checks the key's type and reads its raw bytes once, so `raw` and `keyID` cannot fail.
    private init(validated key: EVPKey, operation: String) throws(SignatureError) {
        try Ed25519.requireEd25519(key, operation: operation, file: nil)
        guard let raw = key.rawPublicKey() else {
            throw .drainingQueue(.invalidRawKey, "EVP_PKEY_get_raw_public_key", "cannot read the raw public key")
        }
        self.key = key
        self.raw = raw
        id = Digest.hex(Digest.sha256(raw).prefix(16))
    }

    /// A public key from SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), as
    /// `openssl pkey -pubout` writes it.
    public init(pem: String) throws(SignatureError) {
        try self.init(validated: try Ed25519.key(fromPEM: pem, .publicKey), operation: "PEM_read_bio_PUBKEY")
    }

    /// A public key from its 32 raw bytes.
    public init(raw: [UInt8]) throws(SignatureError) {
        guard raw.count == Ed25519.keyLength else {
            throw SignatureError(kind: .invalidRawKey, operation: "EVP_PKEY_new_raw_public_key",
                                 message: "an Ed25519 public key is \(Ed25519.keyLength) bytes, not \(raw.count)")
        }
        OpenSSLErrors.clear()
        let pointer = raw.withUnsafeBufferPointer {
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }
        guard let pointer else {
            throw .drainingQueue(.invalidRawKey, "EVP_PKEY_new_raw_public_key", "OpenSSL refused the raw public key")
        }
        try self.init(validated: EVPKey(owning: pointer), operation: "EVP_PKEY_new_raw_public_key")
    }

    /// The key as SubjectPublicKeyInfo PEM, to hand to a partner or to `openssl pkeyutl -pubin`.
    public var pem: String {
        Ed25519.pem("PEM_write_bio_PUBKEY") { PEM_write_bio_PUBKEY($0, key.pointer) }
    }

    /// Lowercase hex of the first 16 bytes of SHA-256 of the raw key: stable across PEM
    /// re-encodings (it depends on the key alone) and long enough (128 bits) that two keys never
    /// share one by accident.
    public var keyID: String { id }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key. Never throws:
    /// a wrong length, a bad signature and an OpenSSL failure all mean "not verified", and the
    /// caller's only decision is whether to accept the message.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == Ed25519.signatureLength else { return false }
        OpenSSLErrors.clear()
        // A refused signature leaves an entry in the queue; empty it for the next caller.
        defer { _ = OpenSSLErrors.drain() }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key.pointer) == 1 else { return false }
        let result = Ed25519.withMessage(message) { bytes, count in
            signature.withUnsafeBufferPointer { EVP_DigestVerify(context, $0.baseAddress, $0.count, bytes, count) }
        }
        return result == 1
    }

    public var description: String { "Ed25519 public key \(keyID)" }

    public static func == (lhs: VerifyingKey, rhs: VerifyingKey) -> Bool { lhs.raw == rhs.raw }

    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}
