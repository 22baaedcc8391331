import AuditTrail
import Customs
import Foundation
import PostgresClient

/// Officers and their bearer tokens. As with carriers' keys, only the SHA-256 of a token's secret
/// is stored; the token is shown once by `smartgate officer add`.
public struct OfficerStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Creates an officer with one token; returns the officer.
    public func add(name: String, role: OfficerRole, tokenID: String, secretSHA256: [UInt8]) throws(LaneStoreError) -> Officer {
        do {
            return try pool.transaction { tx in
                let id = try tx.query("INSERT INTO officers (name, role) VALUES (\(name), \(role.rawValue)) RETURNING id")[0].decode(UUID.self, column: "id")
                try tx.query("INSERT INTO officer_tokens (token_id, officer_id, secret_sha256) VALUES (\(tokenID), \(id), \(secretSHA256))")
                try AuditTrail.append(tx, actor: "operator", action: "officer.created", details: [
                    "officerId": .string(id.uuidString.lowercased()), "name": .string(name), "role": .string(role.rawValue), "tokenId": .string(tokenID),
                ])
                return Officer(id: id, name: name, role: role)
            }
        } catch let error as PostgresError where error.isUniqueViolation && error.constraint == "officers_name_key" {
            throw .nameTaken(name)
        } catch {
            throw LaneStoreError.from(error)
        }
    }

    /// The token with this id, revoked or not; nil when there is none.
    public func token(id tokenID: String) throws(LaneStoreError) -> OfficerTokenRecord? {
        try run {
            let rows = try pool.query("""
                SELECT o.id, o.name, o.role, t.secret_sha256, t.revoked_at IS NOT NULL AS revoked
                  FROM officer_tokens t JOIN officers o ON o.id = t.officer_id WHERE t.token_id = \(tokenID)
                """)
            guard let row = rows.first else { return nil }
            guard let role = OfficerRole(rawValue: try row.decode(String.self, column: "role")) else { return nil }
            return OfficerTokenRecord(
                officer: Officer(id: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"), role: role),
                secretSHA256: try row.decode([UInt8].self, column: "secret_sha256"),
                revoked: try row.decode(Bool.self, column: "revoked"))
        }
    }

    /// Revokes every active token of an officer (by name) or one token (by id); returns the ids.
    public func revoke(_ tokenIDOrName: String) throws(LaneStoreError) -> [String] {
        let tokenID = tokenIDOrName.hasPrefix("sgo_") ? String(tokenIDOrName.dropFirst(4).prefix(12)) : tokenIDOrName
        let revoked: [String] = try run {
            try pool.transaction { tx in
                let ids = try tx.query("""
                    UPDATE officer_tokens SET revoked_at = now()
                     WHERE revoked_at IS NULL
                       AND (token_id = \(tokenID) OR officer_id IN (SELECT id FROM officers WHERE name = \(tokenIDOrName)))
                    RETURNING token_id
                    """).map { try $0.decode(String.self, column: "token_id") }
                for id in ids {
                    try AuditTrail.append(tx, actor: "operator", action: "officer.token_revoked", details: ["tokenId": .string(id)])
                }
                return ids.sorted()
            }
        }
        if !revoked.isEmpty { return revoked }
        let known: Int = try run {
            try pool.query("""
                SELECT count(*) AS n FROM officer_tokens
                 WHERE token_id = \(tokenID) OR officer_id IN (SELECT id FROM officers WHERE name = \(tokenIDOrName))
                """)[0].decode(Int.self, column: "n")
        }
        throw known > 0 ? .alreadyRevoked(tokenIDOrName) : .officerNotFound(tokenIDOrName)
    }
}
