import AuditTrail
import Customs
import Foundation
import PostgresClient

/// What customs knows about traders: authorised-operator status and the compliance record the
/// feedback loop keeps. A trader never seen before is `TraderProfile.unknown`.
public struct TraderRegister: Sendable {
    public let pool: PostgresPool
    /// Profiles already read (a trader never seen is cached as `.unknown` too), while a listener
    /// hears every change to `traders` (Migrations/0006); nil reads every profile from the database.
    public let profileCache: NotifiedCache<String, TraderProfile>?

    public init(pool: PostgresPool, profileCache: NotifiedCache<String, TraderProfile>? = nil) {
        self.pool = pool
        self.profileCache = profileCache
    }

    /// The profile the risk engine is given for a declaration of this trader.
    public func profile(taxCode: String) throws(LaneStoreError) -> TraderProfile {
        guard let profileCache else { return try readProfile(taxCode: taxCode) }
        // Never nil: a trader without a row is `.unknown`, and that is cached as well.
        return try profileCache.value(for: taxCode) { () throws(LaneStoreError) in try readProfile(taxCode: taxCode) } ?? .unknown
    }

    /// The profile if the cache holds it; nil when only the database can say.
    public func cachedProfile(taxCode: String) -> TraderProfile? {
        profileCache?.cachedValue(for: taxCode)
    }

    private func readProfile(taxCode: String) throws(LaneStoreError) -> TraderProfile {
        try run {
            let rows = try pool.queryPrepared("SELECT \(sql: Self.columns) FROM traders WHERE tax_code = \(taxCode)", name: "smartgate_trader_profile")
            return try rows.first.map(Self.record)?.profile ?? .unknown
        }
    }

    /// Grants or withdraws authorised-operator status (a supervisor's decision, audited).
    public func setAuthorisedOperator(taxCode: String, _ authorised: Bool, reference: String, by officer: Officer) throws(LaneStoreError) -> TraderProfile {
        defer { forget(taxCode: taxCode) }
        return try run {
            try pool.transaction { tx in
                let row = try tx.query("""
                    INSERT INTO traders (tax_code, authorised_operator) VALUES (\(taxCode), \(authorised))
                    ON CONFLICT (tax_code) DO UPDATE SET authorised_operator = excluded.authorised_operator, updated_at = now()
                    RETURNING \(sql: Self.columns)
                    """)[0]
                try AuditTrail.append(tx, actor: officer.actor, action: "trader.updated", details: [
                    "taxCode": .string(taxCode), "authorisedOperator": .bool(authorised), "reference": .string(reference),
                ])
                return try Self.record(row).profile
            }
        }
    }

    /// This process has just committed a change to the trader: its next declaration must see it
    /// now, not when the NOTIFY arrives (other daemons learn from the NOTIFY).
    public func forget(taxCode: String) {
        profileCache?.invalidate(taxCode)
    }

    /// Applies an inspection result to the trader's record inside the inspection's transaction;
    /// returns the record before and after.
    static func applyFeedback(_ tx: PostgresConnection, taxCode: String, result: InspectionResult) throws -> (TraderRecord, TraderRecord) {
        try tx.query("INSERT INTO traders (tax_code) VALUES (\(taxCode)) ON CONFLICT (tax_code) DO NOTHING")
        let before = try record(tx.query("SELECT \(sql: columns) FROM traders WHERE tax_code = \(taxCode) FOR UPDATE")[0])
        let after = before.after(result)
        try tx.query("""
            UPDATE traders SET compliance_level = \(after.profile.complianceLevel.rawValue), findings = \(after.profile.findingsCount),
                               clean_inspections = \(after.cleanInspections), updated_at = now()
             WHERE tax_code = \(taxCode)
            """)
        return (before, after)
    }

    static let columns: StaticString = "authorised_operator, compliance_level, findings, clean_inspections"

    static func record(_ row: PostgresRow) throws -> TraderRecord {
        let level = ComplianceLevel(rawValue: try row.decode(Int.self, column: "compliance_level")) ?? .fair
        return TraderRecord(profile: TraderProfile(isAuthorisedOperator: try row.decode(Bool.self, column: "authorised_operator"),
                                                   complianceLevel: level, findingsCount: try row.decode(Int.self, column: "findings")),
                            cleanInspections: try row.decode(Int.self, column: "clean_inspections"))
    }
}
