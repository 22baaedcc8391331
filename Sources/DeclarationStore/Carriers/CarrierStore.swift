import AuditTrail
import Foundation
import PostgresClient

/// Carriers and their API keys. Keys are stored as the SHA-256 of their secret only; the secret is
/// shown once, by `smartgate carrier add`.
public struct CarrierStore: Sendable {
    public let pool: PostgresPool
    /// Keys already read, while a listener hears every change to them (Migrations/0006); nil
    /// reads every key from the database.
    public let keyCache: NotifiedCache<String, APIKeyRecord>?

    public init(pool: PostgresPool, keyCache: NotifiedCache<String, APIKeyRecord>? = nil) {
        self.pool = pool
        self.keyCache = keyCache
    }

    /// Creates a carrier with one API key; returns the carrier's id.
    public func add(name: String, keyID: String, secretSHA256: [UInt8]) throws -> UUID {
        do {
            return try pool.transaction { tx in
                let id = try tx.query("INSERT INTO carriers (name) VALUES (\(name)) RETURNING id")[0].decode(UUID.self, column: "id")
                try tx.query("INSERT INTO carrier_api_keys (key_id, carrier_id, secret_sha256) VALUES (\(keyID), \(id), \(secretSHA256))")
                try AuditTrail.append(tx, actor: "operator", action: "carrier.created",
                                      details: ["carrierId": .string(id.uuidString.lowercased()), "name": .string(name), "keyId": .string(keyID)])
                return id
            }
        } catch let error as PostgresError where error.isUniqueViolation && error.constraint == "carriers_name_unique" {
            throw CarrierStoreError.nameTaken(name)
        }
    }

    /// Revokes one key (by key id) or every active key of a carrier (by name); returns the key ids.
    public func revoke(_ keyIDOrName: String) throws -> [String] {
        let keyID = keyIDOrName.hasPrefix("sgk_") ? String(keyIDOrName.dropFirst(4).prefix(12)) : keyIDOrName
        let revoked = try pool.transaction { tx in
            let keys = try tx.query("""
                UPDATE carrier_api_keys SET revoked_at = now()
                 WHERE revoked_at IS NULL
                   AND (key_id = \(keyID) OR carrier_id IN (SELECT id FROM carriers WHERE name = \(keyIDOrName)))
                RETURNING key_id
                """).map { try $0.decode(String.self, column: "key_id") }
            for key in keys {
                try AuditTrail.append(tx, actor: "operator", action: "carrier.key_revoked", details: ["keyId": .string(key)])
            }
            return keys
        }
        if !revoked.isEmpty { return revoked.sorted() }
        let known = try pool.query("""
            SELECT count(*) AS n FROM carrier_api_keys
             WHERE key_id = \(keyID) OR carrier_id IN (SELECT id FROM carriers WHERE name = \(keyIDOrName))
            """)[0].decode(Int.self, column: "n")
        throw known > 0 ? CarrierStoreError.alreadyRevoked(keyIDOrName) : CarrierStoreError.notFound(keyIDOrName)
    }

    public func list() throws -> [CarrierSummary] {
        let rows = try pool.query("""
            SELECT c.id, c.name, rfc3339(c.created_at) AS created_at,
                   coalesce(string_agg(k.key_id, ' ' ORDER BY k.key_id) FILTER (WHERE k.revoked_at IS NULL), '') AS active,
                   coalesce(string_agg(k.key_id, ' ' ORDER BY k.key_id) FILTER (WHERE k.revoked_at IS NOT NULL), '') AS revoked,
                   (SELECT count(*) FROM declarations d WHERE d.carrier_id = c.id) AS declarations
              FROM carriers c LEFT JOIN carrier_api_keys k ON k.carrier_id = c.id
             GROUP BY c.id ORDER BY c.name
            """)
        return try rows.map { row in
            CarrierSummary(
                id: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
                createdAt: try row.decode(String.self, column: "created_at"),
                activeKeys: try row.decode(String.self, column: "active").split(separator: " ").map(String.init),
                revokedKeys: try row.decode(String.self, column: "revoked").split(separator: " ").map(String.init),
                declarations: try row.decode(Int.self, column: "declarations"))
        }
    }

    /// The key with this id, revoked or not; nil when there is none.
    public func key(id keyID: String) throws(DeclarationStoreError) -> APIKeyRecord? {
        guard let keyCache else { return try readKey(id: keyID) }
        return try keyCache.value(for: keyID) { () throws(DeclarationStoreError) in try readKey(id: keyID) }
    }

    /// The key if the cache holds it; nil when only the database can say.
    public func cachedKey(id keyID: String) -> APIKeyRecord? {
        keyCache?.cachedValue(for: keyID)
    }

    private func readKey(id keyID: String) throws(DeclarationStoreError) -> APIKeyRecord? {
        do {
            let rows = try pool.queryPrepared("""
                SELECT carrier_id, secret_sha256, revoked_at IS NOT NULL AS revoked
                  FROM carrier_api_keys WHERE key_id = \(keyID)
                """, name: "smartgate_api_key")
            guard let row = rows.first else { return nil }
            return APIKeyRecord(keyID: keyID, carrierID: try row.decode(UUID.self, column: "carrier_id"),
                                secretSHA256: try row.decode([UInt8].self, column: "secret_sha256"),
                                revoked: try row.decode(Bool.self, column: "revoked"))
        } catch {
            throw DeclarationStoreError.from(error)
        }
    }
}
