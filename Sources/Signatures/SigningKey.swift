import COpenSSL
import TLS

/// An Ed25519 private key: this node signs its outgoing envelopes with it.
///
/// Loaded from PKCS#8 PEM (what `openssl genpkey -algorithm ed25519` writes) and refused at load
/// when it is any other algorithm, so a wrong key file stops the daemon at start and not at the
/// first message. Its description never includes the secret.
public struct SigningKey: Sendable, CustomStringConvertible {
    let key: EVPKey
    /// The matching public key, derived once at load so reading it cannot fail.
    public let publicKey: VerifyingKey

    /// Checks the key's type and derives its public half.
    private init(validated key: EVPKey, operation: String) throws(SignatureError) {
        try Ed25519.requireEd25519(key, operation: operation, file: nil)
        guard let raw = key.rawPublicKey() else {
            throw .drainingQueue(.invalidRawKey, "EVP_PKEY_get_raw_public_key", "cannot derive the public key")
        }
        self.key = key
        self.publicKey = try VerifyingKey(raw: raw)
    }

    /// A private key from PEM text ("-----BEGIN PRIVATE KEY-----"; legacy forms OpenSSL reads are
    /// accepted too, and then refused unless they hold an Ed25519 key).
    public init(pem: String) throws(SignatureError) {
        try self.init(validated: try Ed25519.key(fromPEM: pem, .privateKey), operation: "PEM_read_bio_PrivateKey")
    }

    /// A private key from a PEM file; errors name the file.
    public init(pemFile: String) throws(SignatureError) {
        do {
            try self.init(validated: try Ed25519.key(fromPEMFile: pemFile, .privateKey), operation: "PEM_read_bio_PrivateKey")
        } catch {
            throw SignatureError(kind: error.kind, operation: error.operation, file: pemFile,
                                 message: error.message, openSSLErrors: error.openSSLErrors)
        }
    }

    /// A fresh key from OpenSSL's CSPRNG, for tests and key-making tooling.
    public static func generate() throws(SignatureError) -> SigningKey {
        OpenSSLErrors.clear()
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "ED25519", nil) else {
            throw .drainingQueue(.resourceExhausted, "EVP_PKEY_CTX_new_from_name", "cannot make an Ed25519 key-generation context")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var pointer: OpaquePointer? = nil
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &pointer) == 1, let pointer else {
            throw .drainingQueue(.resourceExhausted, "EVP_PKEY_keygen", "cannot generate an Ed25519 key")
        }
        return try SigningKey(validated: EVPKey(owning: pointer), operation: "EVP_PKEY_keygen")
    }

    /// The 64-byte Ed25519 signature of `message` (PureEd25519: the message itself is signed, with
    /// no pre-hash, which is why the digest passed to EVP_DigestSignInit is NULL).
    public func sign(_ message: [UInt8]) throws(SignatureError) -> [UInt8] {
        OpenSSLErrors.clear()
        guard let context = EVP_MD_CTX_new() else {
            throw .drainingQueue(.resourceExhausted, "EVP_MD_CTX_new", "cannot allocate a signing context")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, key.pointer) == 1 else {
            throw .drainingQueue(.signingFailed, "EVP_DigestSignInit", "cannot start an Ed25519 signature")
        }
        var signature = [UInt8](repeating: 0, count: Ed25519.signatureLength)
        var length = signature.count
        let ok = Ed25519.withMessage(message) { bytes, count in
            signature.withUnsafeMutableBufferPointer { EVP_DigestSign(context, $0.baseAddress, &length, bytes, count) }
        }
        guard ok == 1, length == Ed25519.signatureLength else {
            throw .drainingQueue(.signingFailed, "EVP_DigestSign", "Ed25519 signing failed (\(length) bytes)")
        }
        return signature
    }

    /// The key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), for tests and tooling
    /// that writes key files; the daemon itself never writes a private key.
    public func pem() -> String {
        Ed25519.pem("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, key.pointer, nil, nil, 0, nil, nil) }
    }

    public var description: String { "Ed25519 private key for \(publicKey.keyID)" }
}
