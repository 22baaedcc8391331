import AuditTrail
import Customs
import Foundation
import PostgresClient
import Synchronization
import TLS

/// The ruleset in force, and every ruleset ever in force. Installing parses and validates first:
/// a bad ruleset is refused with its reasons and the one in force stays. A good one is recorded in
/// PostgreSQL (so decisions made with it can be replayed after it is replaced), audited, and
/// swapped in atomically: a decision in flight finishes with the ruleset it started with.
public final class RulesetRegistry: Sendable {
    private let pool: PostgresPool
    private let active: Mutex<RuleSet?>
    /// Old rulesets parsed for replays, by version.
    private let parsed = Mutex<[String: RuleSet]>([:])

    public init(pool: PostgresPool) {
        self.pool = pool
        self.active = Mutex(nil)
    }

    /// The ruleset in force; nil only before the first successful `install`.
    public var current: RuleSet? { active.withLock { $0 } }

    /// Validates, records and activates a ruleset document. Installing the ruleset in force again
    /// is harmless (and audited as a reload).
    @discardableResult
    public func install(_ bytes: [UInt8], actor: String, source: String) throws(LaneStoreError) -> RuleSet {
        let ruleset: RuleSet
        switch RuleSet.parse(bytes) {
        case .success(let value): ruleset = value
        case .failure(let error): throw .rulesetRefused(error)
        }
        let digest = Digest.sha256(bytes)
        let previous = current?.version
        try run {
            try pool.transaction { tx in
                let inserted = try tx.query("""
                    INSERT INTO rulesets (version, sha256, document, rule_count)
                    VALUES (\(ruleset.version), \(digest), \(String(decoding: bytes, as: UTF8.self)), \(ruleset.rules.count))
                    ON CONFLICT (version) DO NOTHING RETURNING version
                    """)
                if inserted.isEmpty {
                    let stored = try tx.query("SELECT sha256 FROM rulesets WHERE version = \(ruleset.version)")[0].decode([UInt8].self, column: "sha256")
                    guard stored == digest else { throw LaneStoreError.rulesetVersionReused(ruleset.version) }
                }
                try AuditTrail.append(tx, actor: actor, action: "ruleset.loaded", details: [
                    "version": .string(ruleset.version), "sha256": .string(Digest.hex(digest)), "rules": .number(JSONNumber(ruleset.rules.count)),
                    "previousVersion": previous.map { .string($0) } ?? .null, "source": .string(source),
                ])
            }
        }
        active.withLock { $0 = ruleset }
        parsed.withLock { $0[ruleset.version] = ruleset }
        return ruleset
    }

    /// The ruleset a stored decision was made with, for replaying it.
    public func ruleset(version: String) throws(LaneStoreError) -> RuleSet {
        if let cached = parsed.withLock({ $0[version] }) { return cached }
        let text: String? = try run {
            try pool.query("SELECT document FROM rulesets WHERE version = \(version)").first?.decode(String.self, column: "document")
        }
        guard let text else { throw .rulesetUnknown(version) }
        switch RuleSet.parse(text) {
        case .success(let ruleset):
            parsed.withLock { $0[version] = ruleset }
            return ruleset
        case .failure(let error):
            // It was valid when it was loaded; only a build that reads it differently gets here.
            throw .rulesetRefused(error)
        }
    }
}
