import Customs
import DeclarationStore
import Foundation
import PostgresClient
import Testing
import TestSupport

/// The invariants hold in PostgreSQL itself, whatever code writes the rows.
@Suite struct SchemaInvariantTests {
    @Test func aDeclarationWithoutItsGoodsLinesCannotBeCommitted() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let id = UUID()
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        let error = #expect(throws: PostgresError.self) {
            try fixture.pool.transaction { tx in
                try tx.query("""
                    INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
                        trader_tax_code, vehicle_plate, document, created_at, updated_at)
                    VALUES (\(id), \(fixture.carrierID), 'submitted', 1, 'export', 'HUU_NGHI', '2026-11-23', 'x', 'y', \(document), now(), now())
                    """)
                try tx.query("INSERT INTO declaration_versions VALUES (\(id), 1, \(document), 2, now())")
            }
        }
        #expect(error?.message.contains("goods lines") == true)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 0)
    }

    @Test func aDeclarationWithoutAVersionRowCannotBeCommitted() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        #expect(throws: PostgresError.self) {
            try fixture.pool.query("""
                INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
                    trader_tax_code, vehicle_plate, document, created_at, updated_at)
                VALUES (\(UUID()), \(fixture.carrierID), 'submitted', 1, 'export', 'HUU_NGHI', '2026-11-23', 'x', 'y', \(document), now(), now())
                """)
        }
    }

    @Test func versionsAndGoodsLinesAreAppendOnly() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        #expect(try fixture.store.submit(fixture.pending()) == .inserted)
        #expect(throws: PostgresError.self) { try fixture.pool.query("UPDATE declaration_versions SET goods_count = 2") }
        #expect(throws: PostgresError.self) { try fixture.pool.query("DELETE FROM declaration_goods") }
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods") == 2)
    }

    @Test func amendmentsAddVersionsAndKeepTheEarlierOnesReadable() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let pending = fixture.pending()
        #expect(try fixture.store.submit(pending) == .inserted)
        guard case .object(var changed) = StoreFixture.document else { return }
        changed["crossing"] = .string("TAN_THANH")
        changed["goods"] = .array([StoreFixture.firstGoodsLine])
        let amended = try fixture.store.amend(id: pending.id, carrierID: fixture.carrierID, document: .object(changed), decision: StoreFixture.decision(.red), at: .now())
        #expect(amended.version == 2)
        #expect(amended.status == .awaitingInspection, "the amendment got its own decision: red")
        #expect(try fixture.count("SELECT count(*) AS n FROM lane_decisions WHERE declaration_id = \(pending.id)") == 2)
        let first = try fixture.store.version(1, of: pending.id, carrierID: fixture.carrierID)
        let second = try fixture.store.version(2, of: pending.id, carrierID: fixture.carrierID)
        guard case .object(let firstDocument) = first.document, case .object(let secondDocument) = second.document else { return }
        #expect(firstDocument["crossing"] == .string("HUU_NGHI"))
        #expect(secondDocument["crossing"] == .string("TAN_THANH"))
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods WHERE version = 2") == 1)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations WHERE crossing = 'TAN_THANH'") == 1)
        // Another carrier sees none of it.
        #expect(throws: DeclarationStoreError.self) { try fixture.store.version(1, of: pending.id, carrierID: UUID()) }
        let cancelled = try fixture.store.cancel(id: pending.id, carrierID: fixture.carrierID, at: .now())
        #expect(cancelled.status == .cancelled)
        #expect(throws: DeclarationStoreError.self) {
            try fixture.store.amend(id: pending.id, carrierID: fixture.carrierID, document: StoreFixture.document, decision: StoreFixture.decision(), at: .now())
        }
    }

    @Test func aGreenDeclarationIsReleasedAtOnceAndCanNoLongerBeChanged() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let pending = fixture.pending(lane: .green)
        #expect(try fixture.store.submit(pending) == .inserted)
        let record = try fixture.store.find(id: pending.id, carrierID: fixture.carrierID)
        #expect(record.status == .released)
        #expect(record.lane == .green)
        #expect(record.releasedAt == record.createdAt)
        #expect(throws: DeclarationStoreError.self) {
            try fixture.store.amend(id: pending.id, carrierID: fixture.carrierID, document: StoreFixture.document, decision: StoreFixture.decision(), at: .now())
        }
        #expect(throws: DeclarationStoreError.self) { try fixture.store.cancel(id: pending.id, carrierID: fixture.carrierID, at: .now()) }
    }

    @Test func aSubmissionStoresItsDecisionRuleHitsAndAuditEntryInTheSameCommit() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        var pending = fixture.pending(lane: .red)
        pending.decision = LaneDecision(lane: .red, ruleLane: .red, score: 5,
                                        firedRules: [FiredRule(ruleID: "watch-plate", outcome: .lane(.red), reason: "r", task: "t", goodsLine: nil, detail: nil),
                                                     FiredRule(ruleID: "fruit", outcome: .score(5), reason: "r", task: "t", goodsLine: 0, detail: nil)],
                                        randomSelection: RandomSelection(draw: 0.5, toYellow: 0, toRed: 0, escalatedTo: nil),
                                        rulesetVersion: "test.1", seed: 42, decidedAt: UTCTimestamp(millisecondsSince1970: 1_764_000_000_000), trader: .unknown)
        #expect(try fixture.store.submit(pending) == .inserted)
        #expect(try fixture.count("SELECT count(*) AS n FROM rule_hits WHERE declaration_id = \(pending.id)") == 2)
        #expect(try fixture.count("SELECT count(*) AS n FROM audit_log WHERE declaration_id = \(pending.id) AND action = 'declaration.submitted'") == 1)
        let stored = try fixture.pool.query("SELECT decision::text AS d FROM lane_decisions WHERE declaration_id = \(pending.id)")[0].decode(String.self, column: "d")
        #expect(LaneDecision(json: try JSONParser.parse(stored)) == pending.decision)
    }
}

extension StoreFixture {
    static var firstGoodsLine: JSONValue {
        guard case .object(let object) = document, case .array(let goods)? = object["goods"] else { return .null }
        return goods[0]
    }
}
