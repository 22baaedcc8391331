import TLS

/// A failure to load, make or use an Ed25519 key: what went wrong (`kind`), which OpenSSL call
/// failed (`operation`), the file involved when there is one, and OpenSSL's own error-queue text,
/// oldest first, so an operator reading the log sees OpenSSL's reason and not only ours.
///
/// A failed *verification* is not an error: `VerifyingKey.isValidSignature` answers false.
public struct SignatureError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// A key file could not be opened or read.
        case unreadableFile
        /// The PEM did not parse as a key of the expected kind (private or public).
        case invalidPEM
        /// The key is encrypted with a passphrase; SmartGate reads only unencrypted key files.
        case encryptedKey
        /// The key parsed but is not Ed25519 (an RSA or EC key, for example).
        case wrongKeyType
        /// Raw key bytes of the wrong length or that OpenSSL refused.
        case invalidRawKey
        /// OpenSSL could not allocate a context or BIO, or generate a key.
        case resourceExhausted
        /// The signing call itself failed.
        case signingFailed
    }

    public let kind: Kind
    /// The failing call, e.g. "PEM_read_bio_PrivateKey" or "EVP_DigestSign".
    public let operation: String
    /// The file involved, when the failure concerns one.
    public let file: String?
    /// Our own short explanation.
    public let message: String
    /// OpenSSL's error queue at the time of the failure, oldest first.
    public let openSSLErrors: [String]

    public init(kind: Kind, operation: String, file: String? = nil, message: String, openSSLErrors: [String] = []) {
        self.kind = kind
        self.operation = operation
        self.file = file
        self.message = message
        self.openSSLErrors = openSSLErrors
    }

    /// Builds an error and drains the thread's OpenSSL error queue into it, so the queue is empty
    /// for the next caller on this thread.
    static func drainingQueue(_ kind: Kind, _ operation: String, file: String? = nil, _ message: String) -> SignatureError {
        SignatureError(kind: kind, operation: operation, file: file, message: message,
                       openSSLErrors: OpenSSLErrors.drain().map(\.text))
    }

    public var description: String {
        var text = "signature error (\(kind)) in \(operation): \(message)"
        if let file { text += " [file: \(file)]" }
        if !openSSLErrors.isEmpty { text += " [openssl: \(openSSLErrors.joined(separator: "; "))]" }
        return text
    }
}
