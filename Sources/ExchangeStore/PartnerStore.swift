import AuditTrail
import Customs
import Exchange
import Foundation
import PostgresClient
import Signatures

/// Partners, their certificates and their signing keys (`smartgate partner …`).
public struct PartnerStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Registers a partner node with its TLS certificate fingerprint and a first signing key. Its
    /// pre-arrival declarations are stored under a carrier row named `partner:<id>`.
    public func add(id: String, certificateSHA256: String, url: String?, hsPrefixes: [String], key: VerifyingKey,
                    validFrom: UTCTimestamp?, validUntil: UTCTimestamp?) throws(ExchangeStoreError) {
        do {
            try pool.transaction { tx in
                let carrier = try tx.query("INSERT INTO carriers (name) VALUES (\("partner:" + id)) RETURNING id")[0].decode(UUID.self, column: "id")
                try tx.query("""
                    INSERT INTO partners (id, cert_sha256, url, hs_prefixes, carrier_id)
                    VALUES (\(id), \(certificateSHA256), \(url), string_to_array(\(hsPrefixes.joined(separator: ",")), ','), \(carrier))
                    """)
                try Self.insertKey(tx, partner: id, key: key, validFrom: validFrom, validUntil: validUntil)
                try AuditTrail.append(tx, actor: "operator", action: "partner.created", details: [
                    "partner": .string(id), "certificateSha256": .string(certificateSHA256), "url": url.map { .string($0) } ?? .null,
                    "hsPrefixes": .array(hsPrefixes.map { .string($0) }), "keyId": .string(key.keyID),
                ])
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            if error.constraint == "partners_cert_sha256_key" { throw .certificateTaken(certificateSHA256) }
            if error.constraint == "partner_keys_pkey" { throw .keyExists(key.keyID) }
            throw .partnerExists(id)
        } catch {
            throw .database(error)
        }
    }

    /// Adds a signing key; with the old one still valid both verify during the overlap.
    public func addKey(partner id: String, key: VerifyingKey, validFrom: UTCTimestamp?, validUntil: UTCTimestamp?) throws(ExchangeStoreError) {
        do {
            try pool.transaction { tx in
                guard try !tx.query("SELECT 1 FROM partners WHERE id = \(id)").isEmpty else { throw ExchangeStoreError.partnerNotFound(id) }
                try Self.insertKey(tx, partner: id, key: key, validFrom: validFrom, validUntil: validUntil)
                try AuditTrail.append(tx, actor: "operator", action: "partner.key_added", details: [
                    "partner": .string(id), "keyId": .string(key.keyID),
                    "validFrom": validFrom.map { .string($0.description) } ?? .null, "validUntil": validUntil.map { .string($0.description) } ?? .null,
                ])
            }
        } catch let error as ExchangeStoreError {
            throw error
        } catch let error as PostgresError where error.isUniqueViolation {
            throw .keyExists(key.keyID)
        } catch {
            throw .database(error)
        }
    }

    /// Retires a key from `at` (now by default): messages signed with it are refused from then on.
    public func retireKey(partner id: String, keyID: String, at: UTCTimestamp?) throws(ExchangeStoreError) {
        do {
            try pool.transaction { tx in
                let rows = try tx.query("""
                    UPDATE partner_keys SET retired_at = coalesce(\(at?.description)::timestamptz, now())
                     WHERE partner_id = \(id) AND key_id = \(keyID) RETURNING key_id
                    """)
                guard !rows.isEmpty else { throw ExchangeStoreError.keyNotFound(keyID) }
                try AuditTrail.append(tx, actor: "operator", action: "partner.key_retired", details: [
                    "partner": .string(id), "keyId": .string(keyID), "at": at.map { .string($0.description) } ?? .null,
                ])
            }
        } catch let error as ExchangeStoreError {
            throw error
        } catch {
            throw .database(error)
        }
    }

    private static func insertKey(_ tx: PostgresConnection, partner: String, key: VerifyingKey, validFrom: UTCTimestamp?, validUntil: UTCTimestamp?) throws {
        try tx.query("""
            INSERT INTO partner_keys (key_id, partner_id, public_key, valid_from, valid_until)
            VALUES (\(key.keyID), \(partner), \(key.raw), coalesce(\(validFrom?.description)::timestamptz, now()), \(validUntil?.description)::timestamptz)
            """)
    }

    /// The partner a TLS client certificate belongs to.
    public func partner(certificateSHA256: String) throws(ExchangeStoreError) -> Partner? {
        try find("cert_sha256", certificateSHA256)
    }

    public func partner(id: String) throws(ExchangeStoreError) -> Partner? {
        try find("id", id)
    }

    public func all() throws(ExchangeStoreError) -> [Partner] {
        do {
            let ids = try pool.query("SELECT id FROM partners ORDER BY id").map { try $0.decode(String.self, column: "id") }
            return try ids.compactMap { id throws(ExchangeStoreError) in try partner(id: id) }
        } catch let error as ExchangeStoreError {
            throw error
        } catch {
            throw .database(error)
        }
    }

    private func find(_ column: String, _ value: String) throws(ExchangeStoreError) -> Partner? {
        do {
            let rows = column == "id"
                ? try pool.query("SELECT id, cert_sha256, url, array_to_string(hs_prefixes, ',') AS prefixes, carrier_id FROM partners WHERE id = \(value)")
                : try pool.query("SELECT id, cert_sha256, url, array_to_string(hs_prefixes, ',') AS prefixes, carrier_id FROM partners WHERE cert_sha256 = \(value)")
            guard let row = rows.first else { return nil }
            let id = try row.decode(String.self, column: "id")
            let keys = try pool.query("""
                SELECT public_key, rfc3339(valid_from) AS valid_from, rfc3339(valid_until) AS valid_until, rfc3339(retired_at) AS retired_at
                  FROM partner_keys WHERE partner_id = \(id) ORDER BY valid_from
                """).map { key -> PartnerKey in
                    func instant(_ name: String) throws -> UTCTimestamp? {
                        try key.decode(String?.self, column: name).flatMap { UTCTimestamp(rfc3339: Self.milliseconds($0)) }
                    }
                    return PartnerKey(key: try VerifyingKey(raw: try key.decode([UInt8].self, column: "public_key")),
                                      validFrom: try instant("valid_from") ?? UTCTimestamp(millisecondsSince1970: 0),
                                      validUntil: try instant("valid_until"), retiredAt: try instant("retired_at"))
                }
            return Partner(id: id, certificateSHA256: try row.decode(String.self, column: "cert_sha256"),
                           url: try row.decode(String?.self, column: "url"),
                           hsPrefixes: try row.decode(String.self, column: "prefixes").split(separator: ",").map(String.init),
                           carrierID: try row.decode(UUID.self, column: "carrier_id"), keys: keys)
        } catch {
            throw .database(error)
        }
    }

    /// `rfc3339()` writes microseconds; `UTCTimestamp` reads up to milliseconds.
    static func milliseconds(_ text: String) -> String {
        guard let dot = text.firstIndex(of: "."), text.hasSuffix("Z") else { return text }
        let fraction = text[text.index(after: dot)...].dropLast()
        return String(text[..<dot]) + "." + fraction.prefix(3) + "Z"
    }
}
