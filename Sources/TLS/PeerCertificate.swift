import COpenSSL

/// The certificate the peer presented and that verified, as plain values that outlive the session.
public struct PeerCertificate: Sendable, Equatable {
    /// RFC 2253 one-line subject, most specific first, e.g. "CN=nanning,O=China Customs".
    /// Non-ASCII characters are kept as UTF-8 (not escaped).
    public let subject: String
    /// RFC 2253 one-line issuer.
    public let issuer: String
    /// Lowercase hex of SHA-256 over the DER encoding, no separators: the same value as
    /// `openssl x509 -noout -fingerprint -sha256` without colons, lowercased.
    public let sha256Fingerprint: String
    /// The DER encoding.
    public let der: [UInt8]

    public init(subject: String, issuer: String, der: [UInt8]) {
        self.subject = subject
        self.issuer = issuer
        self.der = der
        self.sha256Fingerprint = Digest.hex(Digest.sha256(der))
    }

    /// Copies what we need out of an `X509*`; the caller keeps ownership of `x509`.
    init?(x509: OpaquePointer) {
        let length = i2d_X509(x509, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_X509(x509, &cursor)
        }
        guard written == length,
              let subject = Self.oneLine(X509_get_subject_name(x509)),
              let issuer = Self.oneLine(X509_get_issuer_name(x509)) else { return nil }
        self.init(subject: subject, issuer: issuer, der: der)
    }

    private static func oneLine(_ name: OpaquePointer?) -> String? {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, copenssl_xn_flag_rfc2253_utf8()) >= 0 else { return nil }
        let count = copenssl_bio_pending(bio)
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32(count)) }
        return String(decoding: bytes.prefix(max(0, Int(read))), as: UTF8.self)
    }
}
