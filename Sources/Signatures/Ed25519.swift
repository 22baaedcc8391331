import COpenSSL
import TLS

/// What the key types share: Ed25519's sizes, PEM in and out through memory BIOs, and the check
/// that a parsed key really is Ed25519. Internal: callers see only `SigningKey` and `VerifyingKey`.
enum Ed25519 {
    /// RFC 8032: a signature is R || S, 32 bytes each.
    static let signatureLength = 64
    /// RFC 8032: a public key (and a private seed) is 32 bytes.
    static let keyLength = 32

    /// Whose key a PEM is expected to hold; the parse call and the messages differ.
    enum Visibility {
        case privateKey, publicKey
    }

    /// Parses the first key in `pem`. The BIO reads the bytes in place, so it lives only inside the
    /// closure that keeps them alive.
    static func key(fromPEM pem: String, _ visibility: Visibility) throws(SignatureError) -> EVPKey {
        let bytes = Array(pem.utf8)
        let parsed: Result<EVPKey, SignatureError> = bytes.withUnsafeBytes { buffer in
            OpenSSLErrors.clear()
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                return .failure(.drainingQueue(.resourceExhausted, "BIO_new_mem_buf", "cannot allocate a memory BIO"))
            }
            defer { BIO_free(bio) }
            return Result { () throws(SignatureError) in try key(from: bio, visibility, file: nil) }
        }
        return try parsed.get()
    }

    /// Parses the first key in the PEM file at `path`.
    static func key(fromPEMFile path: String, _ visibility: Visibility) throws(SignatureError) -> EVPKey {
        OpenSSLErrors.clear()
        guard let bio = BIO_new_file(path, "r") else {
            throw .drainingQueue(.unreadableFile, "BIO_new_file", file: path, "cannot open the key file")
        }
        defer { BIO_free(bio) }
        return try key(from: bio, visibility, file: path)
    }

    private static func key(from bio: OpaquePointer, _ visibility: Visibility, file: String?) throws(SignatureError) -> EVPKey {
        let key: EVPKey
        switch visibility {
        case .privateKey:
            // Without a callback OpenSSL would prompt for a passphrase on the terminal, which
            // would hang a daemon. This one refuses, and records that a passphrase was wanted.
            var passphraseWanted = false
            let pointer = withUnsafeMutablePointer(to: &passphraseWanted) { flag in
                PEM_read_bio_PrivateKey(bio, nil, { _, _, _, wanted in
                    wanted?.assumingMemoryBound(to: Bool.self).pointee = true
                    return -1
                }, flag)
            }
            guard let pointer else {
                if passphraseWanted {
                    throw .drainingQueue(.encryptedKey, "PEM_read_bio_PrivateKey", file: file,
                                         "the private key is encrypted; give an unencrypted PKCS#8 key")
                }
                throw .drainingQueue(.invalidPEM, "PEM_read_bio_PrivateKey", file: file,
                                     "expected a PEM private key (\"-----BEGIN PRIVATE KEY-----\")")
            }
            key = EVPKey(owning: pointer)
        case .publicKey:
            guard let pointer = PEM_read_bio_PUBKEY(bio, nil, nil, nil) else {
                throw .drainingQueue(.invalidPEM, "PEM_read_bio_PUBKEY", file: file,
                                     "expected a PEM SubjectPublicKeyInfo (\"-----BEGIN PUBLIC KEY-----\")")
            }
            key = EVPKey(owning: pointer)
        }
        try requireEd25519(key, operation: visibility == .privateKey ? "PEM_read_bio_PrivateKey" : "PEM_read_bio_PUBKEY", file: file)
        return key
    }

    /// Refuses any other algorithm: a partner node's RSA or EC key would otherwise fail later, at
    /// the first signature, with a far less helpful message.
    static func requireEd25519(_ key: EVPKey, operation: String, file: String?) throws(SignatureError) {
        guard key.isEd25519 else {
            let bits = EVP_PKEY_get_bits(key.pointer)
            let size = bits > 0 ? " (\(bits) bits)" : ""
            throw SignatureError(kind: .wrongKeyType, operation: operation, file: file,
                                 message: "expected an Ed25519 key; the key is \(key.typeName)\(size)")
        }
    }

    /// Runs a PEM writer into a memory BIO and returns the text. Writing an in-memory key fails
    /// only when memory runs out, which the callers cannot handle either.
    static func pem(_ what: String, _ write: (OpaquePointer) -> Int32) -> String {
        OpenSSLErrors.clear()
        guard let bio = BIO_new(BIO_s_mem()) else {
            preconditionFailure("BIO_new(BIO_s_mem()) failed: \(OpenSSLErrors.drain().map(\.text))")
        }
        defer { BIO_free(bio) }
        precondition(write(bio) == 1, "\(what) failed: \(OpenSSLErrors.drain().map(\.text))")
        var bytes = [UInt8](repeating: 0, count: copenssl_bio_pending(bio))
        let read = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
        precondition(read == bytes.count, "BIO_read of \(what) returned \(read) of \(bytes.count) bytes")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` with a non-null pointer even for an empty message: Swift may hand out a null
    /// base address for an empty array, and OpenSSL's one-shot calls should never see NULL data.
    static func withMessage<R>(_ message: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        if message.isEmpty {
            var byte: UInt8 = 0
            return withUnsafePointer(to: &byte) { body($0, 0) }
        }
        return message.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}
