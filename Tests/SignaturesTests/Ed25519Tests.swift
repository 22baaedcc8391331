import Foundation
import Signatures
import TestSupport
import Testing

/// Ed25519 through OpenSSL: round trips, tampering, the RFC 8032 vector, refusing other key types,
/// and interoperability with the `openssl` command line in both directions (the Chinese node's
/// stack is not ours, so agreeing with ourselves proves little).
@Suite struct Ed25519Tests {
    private let message = Array(#"{"declaration":"VN-HN-2026-000123","lane":"green"}"#.utf8)

    @Test func aSignatureVerifiesWithTheSigningKeysPublicKey() throws {
        let key = try SigningKey.generate()
        let signature = try key.sign(message)
        #expect(signature.count == 64)
        #expect(key.publicKey.isValidSignature(signature, for: message))
    }

    @Test func aFlippedBitInTheMessageFailsVerification() throws {
        let key = try SigningKey.generate()
        let signature = try key.sign(message)
        for index in [0, message.count / 2, message.count - 1] {
            var tampered = message
            tampered[index] ^= 0x01
            #expect(!key.publicKey.isValidSignature(signature, for: tampered))
        }
    }

    @Test func aFlippedBitInTheSignatureFailsVerification() throws {
        let key = try SigningKey.generate()
        let signature = try key.sign(message)
        for index in [0, 31, 32, 63] {
            var tampered = signature
            tampered[index] ^= 0x80
            #expect(!key.publicKey.isValidSignature(tampered, for: message))
        }
    }

    @Test func aSignatureOfWrongLengthIsInvalidWithoutThrowing() throws {
        let key = try SigningKey.generate()
        let signature = try key.sign(message)
        #expect(!key.publicKey.isValidSignature([], for: message))
        #expect(!key.publicKey.isValidSignature(Array(signature.dropLast()), for: message))
        #expect(!key.publicKey.isValidSignature(signature + [0], for: message))
    }

    @Test func aSignatureByAnotherKeyFailsVerification() throws {
        let signer = try SigningKey.generate()
        let other = try SigningKey.generate()
        #expect(!other.publicKey.isValidSignature(try signer.sign(message), for: message))
    }

    @Test func matchesRFC8032TestVector1() throws {
        let key = try SigningKey(pem: Self.pkcs8PEM(seed: Self.bytes(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")))
        #expect(key.publicKey.raw == Self.bytes(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        let expected = Self.bytes(hex: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        let signature = try key.sign([])
        #expect(signature == expected)
        let publicKey = try VerifyingKey(raw: key.publicKey.raw)
        #expect(publicKey.isValidSignature(expected, for: []))
        #expect(!publicKey.isValidSignature(expected, for: [0]))
    }

    @Test func keysSurviveAPEMRoundTrip() throws {
        let key = try SigningKey.generate()
        #expect(key.pem().hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(key.publicKey.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        let reloaded = try SigningKey(pem: key.pem())
        #expect(reloaded.publicKey == key.publicKey)
        let publicKey = try VerifyingKey(pem: key.publicKey.pem)
        #expect(publicKey == key.publicKey)
        #expect(publicKey.isValidSignature(try reloaded.sign(message), for: message))
    }

    @Test func keyIDIsTheHexOfTheFirstHalfOfSHA256OfTheRawKeyAndStable() throws {
        // RFC 8032 test vector 1's public key; SHA-256 of its 32 bytes, first 16 bytes.
        let raw = Self.bytes(hex: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let key = try VerifyingKey(raw: raw)
        #expect(key.keyID.count == 32)
        #expect(key.keyID == key.keyID.lowercased())
        #expect(try VerifyingKey(pem: key.pem).keyID == key.keyID)
        #expect(try VerifyingKey(raw: raw).keyID == key.keyID)
        #expect(key.keyID != (try SigningKey.generate().publicKey.keyID))
        // Pinned: `xxd -r -p <<< d75a…511a | openssl dgst -sha256 -r | cut -c1-32`.
        #expect(key.keyID == "21fe31dfa154a261626bf854046fd227")
    }

    @Test func aRawPublicKeyOfWrongLengthIsRefused() {
        #expect { try VerifyingKey(raw: [UInt8](repeating: 1, count: 31)) } throws: { error in
            (error as? SignatureError)?.kind == .invalidRawKey && "\(error)".contains("32 bytes, not 31")
        }
    }

    @Test func anRSAPrivateKeyIsRefusedNamingRSA() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rsa.pem").path
        let result = try runProcess("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect { try SigningKey(pemFile: path) } throws: { error in
            guard let error = error as? SignatureError else { return false }
            return error.kind == .wrongKeyType && error.message.contains("RSA") && error.file == path
        }
        let publicPEM = try Self.openssl(["pkey", "-in", path, "-pubout"])
        #expect { try VerifyingKey(pem: publicPEM) } throws: { error in
            (error as? SignatureError)?.kind == .wrongKeyType && "\(error)".contains("the key is RSA (2048 bits)")
        }
    }

    @Test func anECKeyIsRefusedNamingEC() throws {
        let pem = try Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        #expect { try SigningKey(pem: pem) } throws: { error in
            (error as? SignatureError)?.kind == .wrongKeyType && "\(error)".contains("the key is EC")
        }
    }

    @Test func aPublicKeyGivenAsPrivateKeyIsRefusedWithOpenSSLsReason() throws {
        let pem = try SigningKey.generate().publicKey.pem
        #expect { try SigningKey(pem: pem) } throws: { error in
            guard let error = error as? SignatureError else { return false }
            return error.kind == .invalidPEM && !error.openSSLErrors.isEmpty
        }
    }

    @Test func anEncryptedPrivateKeyIsRefusedWithoutPromptingForAPassphrase() throws {
        let plain = try SigningKey.generate().pem()
        let encrypted = try Self.openssl(["pkey", "-aes-256-cbc", "-passout", "pass:secret"], input: Array(plain.utf8))
        #expect(encrypted.contains("ENCRYPTED PRIVATE KEY"))
        #expect { try SigningKey(pem: encrypted) } throws: { error in
            (error as? SignatureError)?.kind == .encryptedKey
        }
    }

    @Test func aMissingKeyFileIsRefusedNamingTheFile() {
        #expect { try SigningKey(pemFile: "/nonexistent/smartgate/key.pem") } throws: { error in
            guard let error = error as? SignatureError else { return false }
            return error.kind == .unreadableFile && error.file == "/nonexistent/smartgate/key.pem"
        }
    }

    @Test func ourSignatureVerifiesWithTheOpenSSLCommandLineAlone() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try SigningKey.generate()
        let messageURL = directory.appendingPathComponent("msg.bin")
        let publicURL = directory.appendingPathComponent("pub.pem")
        let signatureURL = directory.appendingPathComponent("sig.bin")
        try Data(message).write(to: messageURL)
        try Data(key.publicKey.pem.utf8).write(to: publicURL)
        try Data(try key.sign(message)).write(to: signatureURL)

        let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", publicURL.path, "-rawin",
                      "-in", messageURL.path, "-sigfile", signatureURL.path]
        let result = try runProcess("openssl", verify)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Signature Verified Successfully"))

        // And openssl does reject it for another message, so the check above means something.
        try Data(message + [0x20]).write(to: messageURL)
        let tampered = try runProcess("openssl", verify)
        #expect(tampered.status != 0)
        #expect(tampered.stdout.contains("Signature Verification Failure"))
    }

    @Test func aKeyAndSignatureMadeByTheOpenSSLCommandLineVerifyWithOurVerifyingKey() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateURL = directory.appendingPathComponent("key.pem")
        let messageURL = directory.appendingPathComponent("msg.bin")
        let signatureURL = directory.appendingPathComponent("sig.bin")
        try Data(message).write(to: messageURL)
        let generated = try runProcess("openssl", ["genpkey", "-algorithm", "ed25519", "-out", privateURL.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let signed = try runProcess("openssl", ["pkeyutl", "-sign", "-inkey", privateURL.path, "-rawin",
                                                "-in", messageURL.path, "-out", signatureURL.path])
        #expect(signed.status == 0, "\(signed.stderr)")
        let publicPEM = try Self.openssl(["pkey", "-in", privateURL.path, "-pubout"])

        let publicKey = try VerifyingKey(pem: publicPEM)
        let signature = [UInt8](try Data(contentsOf: signatureURL))
        #expect(signature.count == 64)
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(signature, for: Array(message.dropLast())))

        // The private key openssl wrote loads too, and signs identically (Ed25519 is deterministic).
        let signingKey = try SigningKey(pemFile: privateURL.path)
        #expect(signingKey.publicKey == publicKey)
        #expect(try signingKey.sign(message) == signature)
    }

    @Test func keysAreUsableFromManyTasksAtOnce() async throws {
        let key = try SigningKey.generate()
        let message = self.message
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let text = message + Array("\(index)".utf8)
                    return key.publicKey.isValidSignature(try key.sign(text), for: text)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64 && results.allSatisfy { $0 })
    }

    // MARK: - Helpers

    /// PKCS#8 for an Ed25519 seed: the fixed RFC 8410 prefix, then the 32 bytes.
    static func pkcs8PEM(seed: [UInt8]) -> String {
        let der = bytes(hex: "302e020100300506032b657004220420") + seed
        return "-----BEGIN PRIVATE KEY-----\n\(Data(der).base64EncodedString())\n-----END PRIVATE KEY-----\n"
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("smartgate-sig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `openssl` with `input` on stdin (through a file: runProcess gives the child /dev/null)
    /// and returns its stdout, failing on a non-zero exit.
    static func openssl(_ arguments: [String], input: [UInt8]? = nil) throws -> String {
        var arguments = arguments
        var directory: URL? = nil
        if let input {
            let dir = try temporaryDirectory()
            directory = dir
            let file = dir.appendingPathComponent("stdin.bin")
            try Data(input).write(to: file)
            arguments += ["-in", file.path]
        }
        defer { if let directory { try? FileManager.default.removeItem(at: directory) } }
        let result = try runProcess("openssl", arguments)
        guard result.status == 0 else {
            throw OpenSSLCommandError(description: "openssl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}

struct OpenSSLCommandError: Error, CustomStringConvertible {
    let description: String
}
