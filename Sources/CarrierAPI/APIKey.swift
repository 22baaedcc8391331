import COpenSSL
import TLS

/// A bearer credential: `sgk_<key id>_<secret>` for a carrier's API key, `sgo_…` for an officer's
/// token; the prefix keeps each kind off the other's routes. The key id (12 lowercase letters and digits) is
/// public and finds the row; the secret (64 hex digits, 256 random bits) is stored only as its
/// SHA-256, so a copy of the database holds no usable key.
public struct APIKey: Sendable, Equatable {
    /// `sgk` (carriers) or `sgo` (officers).
    public let prefix: String
    public let keyID: String
    public let secret: String

    static let idAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// A new key from OpenSSL's CSPRNG.
    public static func generate(prefix: String = "sgk") -> APIKey {
        let idBytes = randomBytes(12)
        let keyID = String(decoding: idBytes.map { idAlphabet[Int($0) % idAlphabet.count] }, as: UTF8.self)
        return APIKey(prefix: prefix, keyID: keyID, secret: Digest.hex(randomBytes(32)))
    }

    init(prefix: String = "sgk", keyID: String, secret: String) {
        self.prefix = prefix
        self.keyID = keyID
        self.secret = secret
    }

    /// Parses a presented token; nil when it is not shaped like one of our keys.
    public init?(token: String, prefix: String = "sgk") {
        // `<prefix>_<12 of idAlphabet>_<64 lowercase hex digits>`, checked byte by byte: every
        // request is authenticated, and splitting the header into substrings was 5% of the daemon's
        // instructions a declaration (callgrind, 2026-12-04).
        let bytes = Array(token.utf8), head = Array(prefix.utf8)
        guard !head.contains(UInt8(ascii: "_")), bytes.count == head.count + 78, bytes.starts(with: head),
              bytes[head.count] == UInt8(ascii: "_"), bytes[head.count + 13] == UInt8(ascii: "_") else { return nil }
        let id = bytes[(head.count + 1)..<(head.count + 13)], secret = bytes[(head.count + 14)...]
        guard id.allSatisfy({ Self.idAlphabet.contains($0) }),
              secret.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        self.prefix = prefix
        self.keyID = String(decoding: id, as: UTF8.self)
        self.secret = String(decoding: secret, as: UTF8.self)
    }

    /// What the carrier sends after `Bearer `.
    public var token: String { "\(prefix)_\(keyID)_\(secret)" }

    /// What the database keeps.
    public var secretSHA256: [UInt8] { Digest.sha256(Array(secret.utf8)) }

    /// Compares digests without an early exit, so timing says nothing about how much matched.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        // Without a working CSPRNG no key may be issued at all.
        precondition(ok == 1, "RAND_bytes failed: OpenSSL's random generator is not seeded")
        return bytes
    }
}
