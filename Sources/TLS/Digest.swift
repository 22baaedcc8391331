import COpenSSL

/// Message digests through OpenSSL's EVP interface.
public enum Digest {
    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ sha256(buffer: UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { sha256(buffer: $0) }
    }

    /// Lowercase hexadecimal, two digits per byte, no separators.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// SHA-256 fetched from the default provider once. `EVP_sha256()` would make every call look
    /// the implementation up again (OpenSSL 3's implicit fetch, with its locks), and a carrier's
    /// key is hashed on every request. Fetched objects are immutable and safe to share.
    nonisolated(unsafe) private static let sha256Algorithm: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else {
            preconditionFailure("EVP_MD_fetch(SHA256) failed: \(OpenSSLErrors.drain().map(\.text))")
        }
        return md
    }()

    private static func sha256(buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var length: UInt32 = 0
        var ok: Int32 = 0
        // SHA-256 writes exactly 32 bytes.
        let digest = [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            ok = EVP_Digest(buffer.baseAddress, buffer.count, out.baseAddress, &length, sha256Algorithm, nil)
            count = ok == 1 && length == 32 ? 32 : 0
        }
        // EVP_Digest only fails on allocation failure or a broken provider setup; either means
        // the process cannot do cryptography at all, and a wrong digest must never be returned.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed: \(OpenSSLErrors.drain().map(\.text))")
        return digest
    }
}
