import ArgumentParser
import Customs
import ExchangeStore
import Foundation
import PostgresClient
import Signatures
import TLS

/// `smartgate partner …`: partner customs nodes, their certificates and signing keys.
struct PartnerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner", abstract: "Register partner customs nodes and rotate their signing keys.",
        subcommands: [PartnerAdd.self, PartnerAddKey.self, PartnerRetireKey.self, PartnerList.self]
    )

    static func run<T>(_ command: String, _ body: (PartnerStore) throws -> T) throws -> T {
        let settings = Startup.settings()
        _ = Startup.logger(settings, label: "smartgate.partner")
        let pool = PostgresPool(url: Startup.requireDatabaseURL(settings), size: 1)
        defer { pool.close() }
        do {
            return try body(PartnerStore(pool: pool))
        } catch {
            FileHandle.standardError.write(Data("smartgate \(command): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func instant(_ text: String?, _ option: String) throws -> UTCTimestamp? {
        guard let text else { return nil }
        guard let instant = UTCTimestamp(rfc3339: text) else {
            throw ValidationError("\(option) must be an RFC 3339 time with an offset, e.g. 2026-12-01T00:00:00+07:00")
        }
        return instant
    }

    static func publicKey(_ path: String) throws -> VerifyingKey {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        do {
            return try VerifyingKey(pem: String(decoding: data, as: UTF8.self))
        } catch {
            throw ValidationError("\(path) is not an Ed25519 public key in PEM (\(error)); make one with `openssl pkey -in key.pem -pubout`")
        }
    }
}

struct KeyValidity: ParsableArguments {
    @Option(help: "When the signing key starts to be accepted (RFC 3339; default now).")
    var validFrom: String?
    @Option(help: "When it stops (RFC 3339; default never).")
    var validUntil: String?

    /// The two options parsed; nil for one not given.
    func window() throws -> (from: UTCTimestamp?, until: UTCTimestamp?) {
        (try PartnerCommand.instant(validFrom, "--valid-from"), try PartnerCommand.instant(validUntil, "--valid-until"))
    }
}

/// `smartgate partner add ID --cert FILE --signing-key FILE [--url URL] [--hs-prefixes 08,85]`.
struct PartnerAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a partner node: its TLS client certificate and a signing key.")

    @Argument(help: "The partner's node id, the sender of its messages (lowercase letters, digits, '-').")
    var id: String
    @Option(help: "The partner's TLS client certificate (PEM); its SHA-256 fingerprint identifies the partner.")
    var cert: String
    @Option(help: "The partner's Ed25519 signing public key (PEM).")
    var signingKey: String
    @Option(help: "Where our outbox delivers messages, https://host:port (omit: nothing is pushed).")
    var url: String?
    @Option(help: "The agreed goods categories as comma-separated HS prefixes.")
    var hsPrefixes: String = "08,85"
    @OptionGroup var validity: KeyValidity

    func run() throws {
        guard id.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) != nil else {
            throw ValidationError("ID must be 1 to 63 lowercase letters, digits or '-'")
        }
        let prefixes = hsPrefixes.split(separator: ",").map(String.init)
        guard !prefixes.isEmpty, prefixes.allSatisfy({ $0.range(of: "^[0-9]{2,10}$", options: .regularExpression) != nil }) else {
            throw ValidationError("--hs-prefixes must be HS prefixes of 2 to 10 digits, e.g. 08,85")
        }
        if let url, !(url.hasPrefix("https://")) { throw ValidationError("--url must be https://host:port") }
        let certificate: PeerCertificate
        do {
            certificate = try PeerCertificate.load(pemFile: cert)
        } catch {
            throw ValidationError("\(cert): \(error)")
        }
        let key = try PartnerCommand.publicKey(signingKey)
        let (from, until) = try validity.window()
        try PartnerCommand.run("partner add") { partners in
            try partners.add(id: id, certificateSHA256: certificate.sha256Fingerprint, url: url, hsPrefixes: prefixes, key: key,
                             validFrom: from, validUntil: until)
        }
        print("partner \(id) registered: certificate \(certificate.subject) (SHA-256 \(certificate.sha256Fingerprint)), signing key \(key.keyID)")
    }
}

/// `smartgate partner add-key ID --signing-key FILE`: a second key for a rotation.
struct PartnerAddKey: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add-key", abstract: "Add a signing key to a partner (both keys verify until one is retired).")

    @Argument var id: String
    @Option(help: "The new Ed25519 signing public key (PEM).")
    var signingKey: String
    @OptionGroup var validity: KeyValidity

    func run() throws {
        let key = try PartnerCommand.publicKey(signingKey)
        let (from, until) = try validity.window()
        try PartnerCommand.run("partner add-key") { partners in
            try partners.addKey(partner: id, key: key, validFrom: from, validUntil: until)
        }
        print("signing key \(key.keyID) added to partner \(id)")
    }
}

/// `smartgate partner retire-key ID KEY_ID [--at TIME]`.
struct PartnerRetireKey: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retire-key", abstract: "Stop accepting one of a partner's signing keys.")

    @Argument var id: String
    @Argument(help: "The key id (32 hex digits, as `partner list` shows).")
    var keyID: String
    @Option(help: "From when (RFC 3339; default now).")
    var at: String?

    func run() throws {
        let when = try PartnerCommand.instant(at, "--at")
        try PartnerCommand.run("partner retire-key") { partners in try partners.retireKey(partner: id, keyID: keyID, at: when) }
        print("signing key \(keyID) of partner \(id) retired\(at.map { " from \($0)" } ?? "")")
    }
}

struct PartnerList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Partners, their certificates and keys.")

    func run() throws {
        let partners = try PartnerCommand.run("partner list") { try $0.all() }
        for partner in partners {
            print("\(partner.id)  certificate \(partner.certificateSHA256)  url \(partner.url ?? "-")  hs \(partner.hsPrefixes.joined(separator: ","))")
            for key in partner.keys {
                print("  key \(key.keyID)  from \(key.validFrom)  until \(key.validUntil?.description ?? "-")  retired \(key.retiredAt?.description ?? "-")")
            }
        }
    }
}
