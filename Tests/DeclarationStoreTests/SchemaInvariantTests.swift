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
        let amended = try fixture.store.amend(id: pending.id, carrierID: fixture.carrierID, document: .object(changed), at: .now())
        #expect(amended.version == 2)
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
            try fixture.store.amend(id: pending.id, carrierID: fixture.carrierID, document: StoreFixture.document, at: .now())
        }
    }
}

extension StoreFixture {
    static var firstGoodsLine: JSONValue {
        guard case .object(let object) = document, case .array(let goods)? = object["goods"] else { return .null }
        return goods[0]
    }
}
