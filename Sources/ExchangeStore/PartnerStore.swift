import AuditTrail
import Customs
import Exchange
import Foundation
import PostgresClient
import Signatures

/// Partners, their certificates and their signing keys (`smartgate partner …`).
public struct PartnerStore: Sendable {
    public let pool: PostgresPool
    /// Partners already read, by certificate fingerprint, while a listener hears every change to
    /// partners and their keys (Migrations/0009); nil reads every partner from the database.
    public let cache: NotifiedCache<String, Partner>?

    public init(pool: PostgresPool, cache: NotifiedCache<String, Partner>? = nil) {
        self.pool = pool
        self.cache = cache
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
        guard let cache else { return try find(id: nil, certificateSHA256: certificateSHA256) }
        return try cache.value(for: certificateSHA256) { () throws(ExchangeStoreError) in
            try find(id: nil, certificateSHA256: certificateSHA256)
        }
    }

    /// The partner if the cache holds it; nil when only the database can say.
    public func cachedPartner(certificateSHA256: String) -> Partner? {
        cache?.cachedValue(for: certificateSHA256)
    }

    /// The partner read again from the database (and cached afresh): for a message signed with a
    /// key the cached partner does not have, which `partner add-key` may have added moments ago,
    /// before its notification arrived.
    public func refreshed(certificateSHA256: String) throws(ExchangeStoreError) -> Partner? {
        cache?.invalidate(certificateSHA256)
        return try partner(certificateSHA256: certificateSHA256)
    }

    public func partner(id: String) throws(ExchangeStoreError) -> Partner? {
        try find(id: id, certificateSHA256: nil)
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

    /// One query for the partner and its keys: it runs for every partner request.
    private func find(id: String?, certificateSHA256: String?) throws(ExchangeStoreError) -> Partner? {
        do {
            let rows = try pool.queryPrepared("""
                SELECT p.id, p.cert_sha256, p.url, array_to_string(p.hs_prefixes, ',') AS prefixes, p.carrier_id,
                       coalesce(json_agg(json_build_object('key', encode(k.public_key, 'base64'),
                                                           'from', floor(extract(epoch FROM k.valid_from) * 1000)::bigint,
                                                           'until', floor(extract(epoch FROM k.valid_until) * 1000)::bigint,
                                                           'retired', floor(extract(epoch FROM k.retired_at) * 1000)::bigint)
                                         ORDER BY k.valid_from) FILTER (WHERE k.key_id IS NOT NULL), '[]')::text AS keys
                  FROM partners p LEFT JOIN partner_keys k ON k.partner_id = p.id
                 WHERE (\(id)::text IS NULL OR p.id = \(id)) AND (\(certificateSHA256)::text IS NULL OR p.cert_sha256 = \(certificateSHA256))
                 GROUP BY p.id
                """, name: "smartgate_partner")
            guard let row = rows.first else { return nil }
            guard case .array(let entries) = try JSONParser.parse(Array(try row.decode(String.self, column: "keys").utf8)) else {
                throw ExchangeStoreError.invalid("partner keys are not a JSON array")
            }
            let keys = try entries.map { entry -> PartnerKey in
                guard case .object(let o) = entry, case .string(let text)? = o["key"], let raw = Data(base64Encoded: text) else {
                    throw ExchangeStoreError.invalid("a stored partner key is unreadable")
                }
                // Whole milliseconds, as UTCTimestamp (and so key validity) counts them.
                func instant(_ name: String) -> UTCTimestamp? {
                    guard case .number(let number)? = o[name], let ms = number.integer else { return nil }
                    return UTCTimestamp(millisecondsSince1970: Int64(ms))
                }
                return PartnerKey(key: try VerifyingKey(raw: [UInt8](raw)), validFrom: instant("from") ?? UTCTimestamp(millisecondsSince1970: 0),
                                  validUntil: instant("until"), retiredAt: instant("retired"))
            }
            return Partner(id: try row.decode(String.self, column: "id"), certificateSHA256: try row.decode(String.self, column: "cert_sha256"),
                           url: try row.decode(String?.self, column: "url"),
                           hsPrefixes: try row.decode(String.self, column: "prefixes").split(separator: ",").map(String.init),
                           carrierID: try row.decode(UUID.self, column: "carrier_id"), keys: keys)
        } catch let error as ExchangeStoreError {
            throw error
        } catch {
            throw .database(error)
        }
    }
}
