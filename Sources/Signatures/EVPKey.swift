import COpenSSL

/// Owns one `EVP_PKEY` and frees it with the last reference, so no path (a thrown error included)
/// can leak a key or free it twice.
///
/// Sendable because the key is immutable once made: SmartGate only reads it (sign, verify,
/// export), never sets parameters on it, and OpenSSL 3 allows one `EVP_PKEY` to be used by several
/// threads at once as long as nobody modifies it (openssl-threads(7)). Every operation makes its
/// own `EVP_MD_CTX`, which is the per-call mutable state.
final class EVPKey: Sendable {
    /// `EVP_PKEY *`. `nonisolated(unsafe)` only because OpaquePointer is not Sendable; see above.
    nonisolated(unsafe) let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference, freed in deinit).
    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Whether OpenSSL's key manager for this key is Ed25519 (not X25519, Ed448, RSA, EC…).
    var isEd25519: Bool { EVP_PKEY_is_a(pointer, "ED25519") == 1 }

    /// The key type as OpenSSL names it ("RSA", "EC", "ED25519", "X25519"…), for error messages.
    var typeName: String {
        guard let name = EVP_PKEY_get0_type_name(pointer) else { return "unknown (NID \(EVP_PKEY_get_base_id(pointer)))" }
        return String(cString: name)
    }

    /// The 32-byte raw public key (RFC 8032 encoding), for a private or a public Ed25519 key.
    func rawPublicKey() -> [UInt8]? {
        var raw = [UInt8](repeating: 0, count: Ed25519.keyLength)
        var length = raw.count
        let ok = raw.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(pointer, $0.baseAddress, &length) }
        guard ok == 1, length == Ed25519.keyLength else { return nil }
        return raw
    }
}
