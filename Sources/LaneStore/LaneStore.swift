import AuditTrail
import Customs
import DeclarationStore
import Foundation
import PostgresClient

/// The officers' work on declarations: decisions, queues, claims, inspection results and
/// overrides. Every change locks the declaration row first (`FOR UPDATE`), so two officers acting
/// on one declaration are ordered, and appends its audit entry in the same transaction, before the
/// statement that may release the declaration: the audit head's lock is always taken before the
/// release feed's (Migrations/0004_exchange.sql), so writers cannot deadlock on the two.
///
/// Blocking (libpq): call it from the HTTP server's worker threads.
public struct LaneStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    // MARK: Reading

    /// The current version's stored decision, with what officers did since.
    public func decision(declarationID id: UUID) throws(LaneStoreError) -> DecisionView {
        try run {
            let rows = try pool.query("""
                SELECT d.status, d.version, d.lane, d.document::text AS document, l.decision::text AS decision,
                       rfc3339(d.created_at) AS created_at, o.name AS claimed_by, rfc3339(c.claimed_at) AS claimed_at
                  FROM declarations d
                  LEFT JOIN lane_decisions l ON l.declaration_id = d.id AND l.version = d.version
                  LEFT JOIN claims c ON c.declaration_id = d.id
                  LEFT JOIN officers o ON o.id = c.officer_id
                 WHERE d.id = \(id)
                """)
            guard let row = rows.first else { throw LaneStoreError.notFound }
            guard let decisionText = try row.decode(String?.self, column: "decision"),
                  let decision = LaneDecision(json: try JSONParser.parse(Array(decisionText.utf8))) else {
                // Stored before lanes existed.
                throw LaneStoreError.notFound
            }
            let inspections = try pool.query("""
                SELECT i.kind, i.result, i.findings, i.version, rfc3339(i.recorded_at) AS at, o.name
                  FROM inspections i JOIN officers o ON o.id = i.officer_id
                 WHERE i.declaration_id = \(id) ORDER BY i.recorded_at
                """).map { r -> JSONValue in
                    [
                        "kind": .string(try r.decode(String.self, column: "kind")),
                        "result": .string(try r.decode(String.self, column: "result")),
                        "findings": .string(try r.decode(String.self, column: "findings")),
                        "version": .number(JSONNumber(try r.decode(Int.self, column: "version"))),
                        "officer": .string(try r.decode(String.self, column: "name")),
                        "recordedAt": .string(try r.decode(String.self, column: "at")),
                    ]
                }
            let overrides = try pool.query("""
                SELECT v.from_lane, v.to_lane, v.reason_code, v.reason, rfc3339(v.overridden_at) AS at, o.name
                  FROM lane_overrides v JOIN officers o ON o.id = v.officer_id
                 WHERE v.declaration_id = \(id) ORDER BY v.overridden_at
                """).map { r -> JSONValue in
                    [
                        "from": .string(try r.decode(String.self, column: "from_lane")),
                        "to": .string(try r.decode(String.self, column: "to_lane")),
                        "reasonCode": .string(try r.decode(String.self, column: "reason_code")),
                        "reason": .string(try r.decode(String.self, column: "reason")),
                        "officer": .string(try r.decode(String.self, column: "name")),
                        "overriddenAt": .string(try r.decode(String.self, column: "at")),
                    ]
                }
            var claim: JSONValue = .null
            if let holder = try row.decode(String?.self, column: "claimed_by") {
                claim = ["officer": .string(holder), "claimedAt": .string(try row.decode(String.self, column: "claimed_at"))]
            }
            return DecisionView(
                declarationID: id, version: try row.decode(Int.self, column: "version"),
                status: DeclarationStatus(rawValue: try row.decode(String.self, column: "status")) ?? .submitted,
                lane: try row.decode(String?.self, column: "lane").flatMap(Lane.init(rawValue:)) ?? decision.lane,
                createdAt: try row.decode(String.self, column: "created_at"),
                document: try JSONParser.parse(Array(try row.decode(String.self, column: "document").utf8), limits: JSONLimits(maxBytes: 8 << 20)),
                decision: decision, claim: claim, inspections: inspections, overrides: overrides)
        }
    }

    /// The yellow or red queue, oldest first (by the time the declaration entered the lane).
    public func queue(_ lane: Lane, filter: QueueFilter) throws(LaneStoreError) -> (items: [JSONValue], next: QueueCursor?) {
        let status = DeclarationStatus(lane: lane)
        let afterMicros = filter.after?.queuedAtMicroseconds
        let afterSeq = filter.after?.sequence ?? 0
        return try run {
            let rows = try pool.query("""
                SELECT d.id, d.seq, d.status, d.lane, d.crossing, d.direction, d.planned_crossing_on::text AS planned,
                       d.trader_tax_code, d.document #>> '{trader,name}' AS trader_name, d.vehicle_plate, d.version,
                       rfc3339(d.created_at) AS created_at, rfc3339(d.queued_at) AS queued_at,
                       (extract(epoch FROM d.queued_at) * 1000000)::bigint AS queued_micros,
                       l.score, l.decision -> 'firedRules' AS fired, o.name AS claimed_by
                  FROM declarations d
                  JOIN lane_decisions l ON l.declaration_id = d.id AND l.version = d.version
                  LEFT JOIN claims c ON c.declaration_id = d.id
                  LEFT JOIN officers o ON o.id = c.officer_id
                 WHERE d.status = \(status.rawValue)
                   AND (\(filter.crossing?.rawValue)::text IS NULL OR d.crossing = \(filter.crossing?.rawValue))
                   AND (\(filter.direction?.rawValue)::text IS NULL OR d.direction = \(filter.direction?.rawValue))
                   -- In the order of the index declarations_queue (Migrations/0005), so a page
                   -- reads only its own rows; the cursor's microseconds are exact in timestamptz.
                   AND (\(afterMicros)::bigint IS NULL
                        OR (d.queued_at, d.seq) > (timestamptz 'epoch' + \(afterMicros)::bigint * interval '1 microsecond', \(afterSeq)))
                 ORDER BY d.queued_at, d.seq
                 LIMIT \(filter.limit + 1)
                """)
            var items: [JSONValue] = []
            var last: QueueCursor?
            for row in rows.prefix(filter.limit) {
                let fired = try JSONParser.parse(Array(try row.decode(String.self, column: "fired").utf8))
                var item: JSONObject = [
                    "id": .string(try row.decode(UUID.self, column: "id").uuidString.lowercased()),
                    "status": .string(try row.decode(String.self, column: "status")),
                    "lane": .string(try row.decode(String.self, column: "lane")),
                    "version": .number(JSONNumber(try row.decode(Int.self, column: "version"))),
                    "crossing": .string(try row.decode(String.self, column: "crossing")),
                    "direction": .string(try row.decode(String.self, column: "direction")),
                    "plannedCrossingOn": .string(try row.decode(String.self, column: "planned")),
                    "trader": ["taxCode": .string(try row.decode(String.self, column: "trader_tax_code")),
                               "name": .string(try row.decode(String?.self, column: "trader_name") ?? "")],
                    "vehiclePlate": .string(try row.decode(String.self, column: "vehicle_plate")),
                    "createdAt": .string(try row.decode(String.self, column: "created_at")),
                    "queuedAt": .string(try row.decode(String.self, column: "queued_at")),
                    "score": .number(JSONNumber(try row.decode(Int.self, column: "score"))),
                    "firedRules": fired,
                ]
                item["claimedBy"] = try row.decode(String?.self, column: "claimed_by").map { .string($0) } ?? .null
                items.append(.object(item))
                last = QueueCursor(queuedAtMicroseconds: try row.decode(Int64.self, column: "queued_micros"),
                                   sequence: try row.decode(Int64.self, column: "seq"))
            }
            return (items, rows.count > filter.limit ? last : nil)
        }
    }

    /// The document of one version, for replaying its decision.
    public func document(declarationID id: UUID, version: Int) throws(LaneStoreError) -> JSONValue {
        try run {
            guard let row = try pool.query("""
                SELECT document::text AS document FROM declaration_versions WHERE declaration_id = \(id) AND version = \(version)
                """).first else { throw LaneStoreError.notFound }
            return try JSONParser.parse(Array(try row.decode(String.self, column: "document").utf8), limits: JSONLimits(maxBytes: 8 << 20))
        }
    }

    // MARK: Officers' actions

    /// Takes a declaration waiting in a queue. Claiming one you already hold answers it again;
    /// another officer's claim is refused with their name.
    public func claim(declarationID id: UUID, by officer: Officer, at time: Timestamp) throws(LaneStoreError) -> ClaimOutcome {
        try run {
            try pool.transaction { tx in
                let status = try Self.lock(tx, id)
                guard status.isAwaitingOfficer else { throw LaneStoreError.wrongStatus(status, action: "claim") }
                let inserted = try tx.query("""
                    INSERT INTO claims (declaration_id, officer_id, claimed_at) VALUES (\(id), \(officer.id), \(time.description)::timestamptz)
                    ON CONFLICT (declaration_id) DO NOTHING RETURNING rfc3339(claimed_at) AS at
                    """)
                if let row = inserted.first {
                    try AuditTrail.append(tx, actor: officer.actor, action: "declaration.claimed", declarationID: id,
                                          details: ["officer": .string(officer.name), "role": .string(officer.role.rawValue), "status": .string(status.rawValue)],
                                          at: time.description)
                    return ClaimOutcome(claimedAt: try row.decode(String.self, column: "at"), alreadyHeld: false)
                }
                let holder = try tx.query("""
                    SELECT c.officer_id, o.name, rfc3339(c.claimed_at) AS at FROM claims c JOIN officers o ON o.id = c.officer_id
                     WHERE c.declaration_id = \(id)
                    """)[0]
                let since = try holder.decode(String.self, column: "at")
                guard try holder.decode(UUID.self, column: "officer_id") == officer.id else {
                    throw LaneStoreError.claimedByAnother(officer: try holder.decode(String.self, column: "name"), since: since)
                }
                return ClaimOutcome(claimedAt: since, alreadyHeld: true)
            }
        }
    }

    /// Records the result of the claiming officer's check and moves the declaration on:
    /// a customs `documents_ok` releases it, any finding holds it, a quarantine `documents_ok`
    /// leaves it waiting for customs. The claim ends either way, and the trader's record learns
    /// from the result (the feedback loop).
    public func recordInspection(declarationID id: UUID, by officer: Officer, kind: InspectionKind, result: InspectionResult,
                                 findings: String, at time: Timestamp) throws(LaneStoreError) -> InspectionOutcome {
        try run {
            try pool.transaction { tx in
                let status = try Self.lock(tx, id)
                guard status.isAwaitingOfficer else { throw LaneStoreError.wrongStatus(status, action: "record a result for") }
                let holder = try tx.query("SELECT officer_id FROM claims WHERE declaration_id = \(id)").first
                guard let holder, try holder.decode(UUID.self, column: "officer_id") == officer.id else {
                    throw LaneStoreError.notClaimedByYou
                }
                let info = try tx.query("SELECT version, trader_tax_code FROM declarations WHERE id = \(id)")[0]
                let version = try info.decode(Int.self, column: "version")
                let taxCode = try info.decode(String.self, column: "trader_tax_code")
                let next: DeclarationStatus = result.isFinding ? .held : (kind == .customs ? .released : status)
                let at = time.description
                let inspectionID = UUID()
                try tx.query("""
                    INSERT INTO inspections (id, declaration_id, version, officer_id, kind, result, findings, recorded_at)
                    VALUES (\(inspectionID), \(id), \(version), \(officer.id), \(kind.rawValue), \(result.rawValue), \(findings), \(at)::timestamptz)
                    """)
                try tx.query("DELETE FROM claims WHERE declaration_id = \(id)")
                let (before, after) = try TraderRegister.applyFeedback(tx, taxCode: taxCode, result: result)
                try AuditTrail.append(tx, actor: officer.actor, action: "inspection.recorded", declarationID: id, details: [
                    "inspectionId": .string(inspectionID.uuidString.lowercased()), "version": .number(JSONNumber(version)),
                    "kind": .string(kind.rawValue), "result": .string(result.rawValue), "findings": .string(findings),
                    "from": .string(status.rawValue), "to": .string(next.rawValue),
                    "trader": ["taxCode": .string(taxCode), "complianceLevelBefore": .number(JSONNumber(before.profile.complianceLevel.rawValue)),
                               "complianceLevelAfter": .number(JSONNumber(after.profile.complianceLevel.rawValue))],
                ], at: at)
                // After the audit entry: a release takes the feed's head lock, always after the audit head's.
                try tx.query("""
                    UPDATE declarations SET status = \(next.rawValue), updated_at = greatest(updated_at, \(at)::timestamptz),
                           released_at = CASE WHEN \(next.rawValue) = 'released' THEN greatest(created_at, \(at)::timestamptz) END
                     WHERE id = \(id)
                    """)
                return InspectionOutcome(inspectionID: inspectionID, status: next, trader: after.profile, traderTaxCode: taxCode)
            }
        }
    }

    /// A supervisor moves a declaration to another lane. It re-enters that lane's queue (or is
    /// released, for green); any claim ends. A released green declaration can still be called
    /// back to yellow or red, for a truck that has not left the control zone.
    public func override(declarationID id: UUID, by officer: Officer, to lane: Lane, reason: OverrideReason,
                         text: String, at time: Timestamp) throws(LaneStoreError) -> (from: Lane, status: DeclarationStatus) {
        try run {
            try pool.transaction { tx in
                let status = try Self.lock(tx, id)
                let current = try tx.query("SELECT lane FROM declarations WHERE id = \(id)")[0]
                guard let from = try current.decode(String?.self, column: "lane").flatMap(Lane.init(rawValue:)) else {
                    throw LaneStoreError.wrongStatus(status, action: "override")
                }
                guard status.isAwaitingOfficer || (status == .released && from == .green) else {
                    throw LaneStoreError.wrongStatus(status, action: "override")
                }
                guard from != lane else { throw LaneStoreError.sameLane(lane) }
                let next = DeclarationStatus(lane: lane)
                let at = time.description
                try tx.query("""
                    INSERT INTO lane_overrides (id, declaration_id, officer_id, from_lane, to_lane, reason_code, reason, overridden_at)
                    VALUES (\(UUID()), \(id), \(officer.id), \(from.rawValue), \(lane.rawValue), \(reason.rawValue), \(text), \(at)::timestamptz)
                    """)
                try tx.query("DELETE FROM claims WHERE declaration_id = \(id)")
                try AuditTrail.append(tx, actor: officer.actor, action: "lane.overridden", declarationID: id, details: [
                    "from": .string(from.rawValue), "to": .string(lane.rawValue), "reasonCode": .string(reason.rawValue),
                    "reason": .string(text), "statusFrom": .string(status.rawValue), "statusTo": .string(next.rawValue),
                ], at: at)
                try tx.query("""
                    UPDATE declarations SET lane = \(lane.rawValue), status = \(next.rawValue),
                           queued_at = greatest(created_at, \(at)::timestamptz), updated_at = greatest(updated_at, \(at)::timestamptz),
                           released_at = CASE WHEN \(next.rawValue) = 'released' THEN greatest(created_at, \(at)::timestamptz) END
                     WHERE id = \(id)
                    """)
                return (from, next)
            }
        }
    }

    /// Locks the declaration row for this transaction and returns its status.
    static func lock(_ tx: PostgresConnection, _ id: UUID) throws -> DeclarationStatus {
        guard let row = try tx.query("SELECT status FROM declarations WHERE id = \(id) FOR UPDATE").first else {
            throw LaneStoreError.notFound
        }
        return DeclarationStatus(rawValue: try row.decode(String.self, column: "status")) ?? .submitted
    }
}

public struct ClaimOutcome: Sendable, Equatable {
    public let claimedAt: String
    /// The officer already held it (a retried claim).
    public let alreadyHeld: Bool
}

public struct InspectionOutcome: Sendable, Equatable {
    public let inspectionID: UUID
    public let status: DeclarationStatus
    /// The trader's profile after the feedback.
    public let trader: TraderProfile
    public let traderTaxCode: String
}
