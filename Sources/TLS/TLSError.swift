import COpenSSL

/// A TLS failure: what went wrong (`kind`), which OpenSSL call failed (`operation`), the file
/// involved when there is one, the verification result for certificate failures, and OpenSSL's
/// own error-queue text, oldest first.
public struct TLSError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// A certificate, key or CA file could not be opened or read.
        case unreadableFile
        /// The certificate (chain) file did not parse.
        case invalidCertificate
        /// The private key file did not parse.
        case invalidPrivateKey
        /// The private key does not belong to the certificate.
        case keyCertificateMismatch
        /// The CA file did not parse or held no certificate.
        case invalidCAFile
        /// Contradictory settings, e.g. a minimum version above the maximum.
        case invalidConfiguration
        /// OpenSSL could not allocate a context, session or BIO.
        case resourceExhausted
        /// The handshake failed for a reason other than the peer's certificate.
        case handshakeFailed
        /// The peer's certificate was missing when required, or did not verify
        /// (unknown CA, expired, wrong host name...).
        case peerCertificateRejected
        /// A protocol failure after the handshake: bad record, fatal alert from the peer.
        case protocolError
        /// The transport ended without a close_notify (possible truncation).
        case unexpectedEOF
        /// The call is not valid in the session's current state (e.g. writing before the
        /// handshake completed, or after close()).
        case invalidState
    }

    public let kind: Kind
    /// The failing call, e.g. "SSL_do_handshake" or "SSL_CTX_use_PrivateKey_file".
    public let operation: String
    /// The file involved, when the failure concerns one.
    public let file: String?
    /// Our own short explanation.
    public let message: String
    /// X509_verify_cert_error_string of SSL_get_verify_result, when certificate verification
    /// failed (e.g. "unable to get local issuer certificate").
    public let verifyResult: String?
    /// The TLS alert number when the failure is a fatal alert *received from the peer*, e.g.
    /// 116 certificate_required, 48 unknown_ca, 42 bad_certificate: the peer refused us.
    public let receivedAlert: Int?
    /// OpenSSL's error queue at the time of the failure, oldest first.
    public let openSSLErrors: [String]

    public init(kind: Kind, operation: String, file: String? = nil, message: String,
                verifyResult: String? = nil, receivedAlert: Int? = nil, openSSLErrors: [String] = []) {
        self.kind = kind
        self.operation = operation
        self.file = file
        self.message = message
        self.verifyResult = verifyResult
        self.receivedAlert = receivedAlert
        self.openSSLErrors = openSSLErrors
    }

    /// Builds an error and drains the thread's OpenSSL error queue into it.
    static func drainingQueue(_ kind: Kind, _ operation: String, file: String? = nil,
                              _ message: String, verifyResult: String? = nil) -> TLSError {
        TLSError(kind: kind, operation: operation, file: file, message: message,
                 verifyResult: verifyResult, openSSLErrors: OpenSSLErrors.drain().map(\.text))
    }

    public var description: String {
        var text = "TLS error (\(kind)) in \(operation): \(message)"
        if let file { text += " [file: \(file)]" }
        if let verifyResult { text += " [verify: \(verifyResult)]" }
        if let receivedAlert { text += " [alert from peer: \(receivedAlert)]" }
        if !openSSLErrors.isEmpty { text += " [openssl: \(openSSLErrors.joined(separator: "; "))]" }
        return text
    }
}
