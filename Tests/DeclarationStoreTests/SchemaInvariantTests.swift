import Customs
import DeclarationStore
import Foundation
import Logging
import PostgresClient
import SchemaMigrations
import Testing
import TestSupport

/// The invariants hold in PostgreSQL itself, whatever code writes the rows.
@Suite struct SchemaInvariantTests {
    /// The INSERT of a declaration (version 1) with the given id, as a plain statement (no version
    /// or goods lines: each test writes those, or leaves them out, itself).
    static func declarationInsert(_ id: UUID, carrierID: UUID, document: PostgresJSON) -> PostgresQuery {
        """
        INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
            trader_tax_code, vehicle_plate, document, created_at, updated_at)
        VALUES (\(id), \(carrierID), 'submitted', 1, 'export', 'HUU_NGHI', '2026-11-23', 'x', 'y', \(document), now(), now())
        """
    }

    /// Goods lines of version 1 with the given line numbers.
    static func goodsInsert(_ id: UUID, lines: [Int] = [0, 1]) -> PostgresQuery {
        let array = "{" + lines.map(String.init).joined(separator: ",") + "}"
        return """
        INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit, gross_kg, net_kg, value, currency, origin)
        SELECT \(id), 1, line, '08109010', 'a', 1, 'KGM', 1, 1, 1, 'USD', 'VN' FROM unnest(\(array)::integer[]) AS line
        """
    }

    @Test func aDeclarationWithoutItsGoodsLinesCannotBeCommitted() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let id = UUID()
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        let error = #expect(throws: PostgresError.self) {
            try fixture.pool.transaction { tx in
                try tx.query(Self.declarationInsert(id, carrierID: fixture.carrierID, document: document))
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
        let error = #expect(throws: PostgresError.self) {
            try fixture.pool.query(Self.declarationInsert(UUID(), carrierID: fixture.carrierID, document: document))
        }
        // Refused at COMMIT, for the version it names (not for some other fault of the statement).
        #expect(error?.isForeignKeyViolation == true, "\(String(describing: error))")
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 0)
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

    /// A document of `lines` goods lines, each with a long description (about 150 bytes a line).
    static func document(goodsLines lines: Int) -> JSONValue {
        guard case .object(var document) = StoreFixture.document, case .array(let goods)? = document["goods"] else { fatalError("fixture") }
        document["goods"] = .array((0..<lines).map { index in
            guard case .object(var line) = goods[index % goods.count] else { fatalError("fixture") }
            line["description"] = .string("Sầu riêng tươi loại \(index), đóng thùng carton 18 kg, xuất xứ Đắk Lắk, giao tại cửa khẩu Hữu Nghị")
            return .object(line)
        })
        return .object(document)
    }

    /// Migrations/0014: a declaration of a few goods lines (past the 2 KB where PostgreSQL would
    /// compress its documents, and move the version's out of line) is stored inline, uncompressed;
    /// a long one is still compressed.
    @Test func typicalVersionsStayInlineAndLongOnesAreCompressed() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        var typical = fixture.pending()
        typical.document = Self.document(goodsLines: 8)
        var long = fixture.pending()
        long.document = Self.document(goodsLines: 60)
        #expect(try fixture.store.submit(typical) == .inserted)
        #expect(try fixture.store.submit(long) == .inserted)
        /// The row's size and its document's compression, from a query selecting `size` and `compression`.
        func measured(_ query: PostgresQuery) throws -> (rowBytes: Int, compression: String?) {
            let row = try fixture.pool.query(query)[0]
            return (try row.decode(Int.self, column: "size"), try row.decode(String?.self, column: "compression"))
        }
        func stored(_ id: UUID) throws -> (rowBytes: Int, compression: String?) {
            try measured("""
                SELECT pg_column_size(v.*) AS size, pg_column_compression(v.document) AS compression
                  FROM declaration_versions v WHERE declaration_id = \(id) AND version = 1
                """)
        }
        let inline = try stored(typical.id)
        #expect(inline.rowBytes > 2_100 && inline.rowBytes < 4_080, "the typical version's row is \(inline.rowBytes) bytes")
        #expect(inline.compression == nil)
        #expect(try stored(long.id).compression == "lz4")
        func current(_ id: UUID) throws -> (rowBytes: Int, compression: String?) {
            try measured("""
                SELECT pg_column_size(d.*) AS size, pg_column_compression(d.document) AS compression FROM declarations d WHERE id = \(id)
                """)
        }
        let declaration = try current(typical.id)
        #expect(declaration.rowBytes > 2_100 && declaration.compression == nil, "the typical declaration's row: \(declaration)")
        #expect(try current(long.id).compression == "lz4")
        // Both read back whole.
        #expect(try fixture.store.version(1, of: typical.id, carrierID: fixture.carrierID).document == typical.document)
        #expect(try fixture.store.version(1, of: long.id, carrierID: fixture.carrierID).document == long.document)
    }

    /// Migrations/0015: the carrier and ruleset checks run once per statement instead of as
    /// foreign keys, so what the keys guaranteed is tested here.
    @Test func aDeclarationNeedsACarrierThatExists() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let stranger = fixture.pending(carrierID: UUID())
        #expect(throws: DeclarationStoreError.self) { try fixture.store.submit(stranger) }
        // A batch with one such declaration still commits the others.
        let good = fixture.pending()
        let outcomes = concurrently(2) { index in Result { () throws(DeclarationStoreError) in try fixture.store.submit(index == 0 ? good : fixture.pending(carrierID: UUID())) } }
        #expect((try? outcomes[0].get()) == .inserted)
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 1)
        let error = #expect(throws: PostgresError.self) {
            try fixture.pool.query("UPDATE declarations SET carrier_id = \(UUID()) WHERE id = \(good.id)")
        }
        #expect(error?.message.contains("cannot be moved") == true, "\(String(describing: error))")
    }

    @Test func carriersAndRulesetsThatDeclarationsNameAreNeverDeletedOrRekeyed() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        #expect(try fixture.store.submit(fixture.pending()) == .inserted)
        let changes: [PostgresQuery] = [
            "DELETE FROM carriers", "UPDATE carriers SET id = gen_random_uuid()", "TRUNCATE carriers CASCADE",
            "DELETE FROM rulesets", "UPDATE rulesets SET version = 'renamed'", "TRUNCATE rulesets CASCADE",
        ]
        for change in changes {
            let error = #expect(throws: PostgresError.self, "\(change.sql)") { try fixture.pool.query(change) }
            #expect(error?.isForeignKeyViolation == true, "\(change.sql): \(String(describing: error))")
        }
        #expect(try fixture.count("SELECT count(*) AS n FROM carriers") == 1)
        #expect(try fixture.count("SELECT count(*) AS n FROM rulesets WHERE version = 'test.1'") == 1)
        // A carrier's name may still change.
        try fixture.pool.query("UPDATE carriers SET name = 'Renamed carrier'")
    }

    @Test func aGoodsLineForAVersionThatDoesNotExistIsRefused() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let pending = fixture.pending()
        #expect(try fixture.store.submit(pending) == .inserted)
        let error = #expect(throws: PostgresError.self) {
            try fixture.pool.query("""
                INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit,
                                               gross_kg, net_kg, value, currency, origin)
                VALUES (\(pending.id), 2, 0, '08109010', 'x', 1, 'KGM', 1, 1, 1, 'USD', 'VN')
                """)
        }
        #expect(error?.message.contains("names version 2, which does not exist") == true)
        #expect(error?.sqlState == "23503")
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods WHERE declaration_id = \(pending.id)") == 2)
    }

    // MARK: Migrations/0016: the declaration, its versions and goods lines, checked per statement

    @Test func aDeclarationAndItsVersionMayBeWrittenInEitherOrderWithinATransaction() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        let first = UUID(), second = UUID()
        try fixture.pool.transaction { tx in
            try tx.query(Self.declarationInsert(first, carrierID: fixture.carrierID, document: document))
            try tx.query("INSERT INTO declaration_versions VALUES (\(first), 1, \(document), 2, now())")
            try tx.query(Self.goodsInsert(first))
        }
        try fixture.pool.transaction { tx in
            try tx.query("INSERT INTO declaration_versions VALUES (\(second), 1, \(document), 2, now())")
            try tx.query(Self.goodsInsert(second, lines: [1]))
            try tx.query(Self.goodsInsert(second, lines: [0]))
            try tx.query(Self.declarationInsert(second, carrierID: fixture.carrierID, document: document))
        }
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 2)
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods") == 4)
        // What the statements left to COMMIT was checked and is gone.
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_checks_pending") == 0)
    }

    @Test func aVersionWithoutItsDeclarationCannotBeCommitted() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        let id = UUID()
        let error = #expect(throws: PostgresError.self) {
            try fixture.pool.transaction { tx in
                try tx.query("INSERT INTO declaration_versions VALUES (\(id), 1, \(document), 2, now())")
                try tx.query(Self.goodsInsert(id))
            }
        }
        #expect(error?.isForeignKeyViolation == true, "\(String(describing: error))")
        #expect(error?.message.contains("declaration \(id.uuidString.lowercased()) does not exist") == true, "\(String(describing: error))")
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_versions") == 0)
        // Checked at SET CONSTRAINTS ... IMMEDIATE too, not only at COMMIT.
        let early = #expect(throws: PostgresError.self) {
            try fixture.pool.transaction { tx in
                try tx.query(Self.declarationInsert(UUID(), carrierID: fixture.carrierID, document: document))
                try tx.query("SET CONSTRAINTS ALL IMMEDIATE")
            }
        }
        #expect(early?.isForeignKeyViolation == true, "\(String(describing: early))")
        #expect(early?.message.contains("names version 1 as its current one, which does not exist") == true, "\(String(describing: early))")
    }

    @Test func aDeclarationCannotMoveToAVersionThatDoesNotExist() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let pending = fixture.pending()
        #expect(try fixture.store.submit(pending) == .inserted)
        let error = #expect(throws: PostgresError.self) {
            try fixture.pool.query("UPDATE declarations SET version = 2 WHERE id = \(pending.id)")
        }
        #expect(error?.isForeignKeyViolation == true, "\(String(describing: error))")
        #expect(try fixture.count("SELECT version AS n FROM declarations WHERE id = \(pending.id)") == 1)
    }

    @Test func aCompleteVersionNeverGainsGoodsLines() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let pending = fixture.pending()
        #expect(try fixture.store.submit(pending) == .inserted)
        let beyond = #expect(throws: PostgresError.self) { try fixture.pool.query(Self.goodsInsert(pending.id, lines: [2])) }
        #expect(beyond?.sqlState == "23000", "\(String(describing: beyond))")
        #expect(beyond?.message.contains("beyond the 2 goods lines its document lists") == true, "\(String(describing: beyond))")
        let again = #expect(throws: PostgresError.self) { try fixture.pool.query(Self.goodsInsert(pending.id, lines: [1])) }
        #expect(again?.isUniqueViolation == true, "\(String(describing: again))")
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods") == 2)
        // Nor can the statement that writes a version's lines write one too many.
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        let id = UUID()
        let extra = #expect(throws: PostgresError.self) {
            try fixture.pool.transaction { tx in
                try tx.query(Self.declarationInsert(id, carrierID: fixture.carrierID, document: document))
                try tx.query("INSERT INTO declaration_versions VALUES (\(id), 1, \(document), 2, now())")
                try tx.query(Self.goodsInsert(id, lines: [0, 2, 1]))
            }
        }
        #expect(extra?.message.contains("goods line 2 of declaration \(id.uuidString.lowercased()) version 1 is beyond the 2") == true, "\(String(describing: extra))")
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods") == 2)
    }

    @Test func declarationsVersionsAndGoodsLinesAreNeverDeletedOrTruncated() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        #expect(try fixture.store.submit(fixture.pending()) == .inserted)
        let changes: [PostgresQuery] = [
            "DELETE FROM declarations", "UPDATE declarations SET id = gen_random_uuid()", "TRUNCATE declarations CASCADE",
            "TRUNCATE declaration_versions CASCADE", "TRUNCATE declaration_goods",
        ]
        for change in changes {
            let error = #expect(throws: PostgresError.self, "\(change.sql)") { try fixture.pool.query(change) }
            #expect(error?.sqlState == "23000", "\(change.sql): \(String(describing: error))")
        }
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 1)
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_versions") == 1)
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_goods") == 2)
    }

    @Test func anIdempotencyKeyNamesItsDeclarationForGood() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let pending = fixture.pending(key: "order-1")
        #expect(try fixture.store.submit(pending) == .inserted)
        let orphan = #expect(throws: PostgresError.self) {
            try fixture.pool.query("""
                INSERT INTO idempotency_keys (carrier_id, key, request_sha256, declaration_id, response_status, response_body)
                VALUES (\(fixture.carrierID), 'order-2', \(Array(repeating: UInt8(7), count: 32)), \(UUID()), 201, '{}')
                """)
        }
        #expect(orphan?.isForeignKeyViolation == true, "\(String(describing: orphan))")
        let other = fixture.pending()
        #expect(try fixture.store.submit(other) == .inserted)
        let moved = #expect(throws: PostgresError.self) {
            try fixture.pool.query("UPDATE idempotency_keys SET declaration_id = \(other.id) WHERE key = 'order-1'")
        }
        #expect(moved?.message.contains("cannot be moved") == true, "\(String(describing: moved))")
        #expect(try fixture.count("SELECT count(*) AS n FROM idempotency_keys WHERE declaration_id = \(pending.id)") == 1)
    }

    /// Migrations/0019 and 0020: the per-statement checks and the release trigger look rows up by
    /// key, so plans the committer's connection made while the tables were nearly empty do not read
    /// whole tables once they have grown (such plans hashed every declaration id at every commit,
    /// and scanned every declaration and goods line at every release).
    @Test(arguments: [Lane.yellow, .green])
    func writesReadRowsByKeyHoweverTheTablesGrew(lane: Lane) throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        // The committer's connection plans its checks (and, for green, the release) now.
        #expect(try fixture.store.submit(fixture.pending(lane: lane)) == .inserted)
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        // Written by a connection of its own, which reports its statistics when it closes.
        let writer = try fixture.db.connect()
        try writer.transaction { tx in
            try tx.query("""
                WITH d AS (
                    INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
                                              trader_tax_code, vehicle_plate, document, created_at, updated_at)
                    SELECT gen_random_uuid(), \(fixture.carrierID), 'submitted', 1, 'export', 'HUU_NGHI', '2026-11-23', 'x', 'y', \(document), now(), now()
                      FROM generate_series(1, 3000)
                    RETURNING id),
                v AS (INSERT INTO declaration_versions SELECT id, 1, \(document), 2, now() FROM d)
                INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit, gross_kg, net_kg, value, currency, origin)
                SELECT id, 1, line, '08109010', 'a', 1, 'KGM', 1, 1, 1, 'USD', 'VN' FROM d, generate_series(0, 1) AS line
                """)
        }
        writer.close()
        /// Rows read from the three tables and their indexes, once the statistics count `inserted` declarations.
        func rowsRead(once inserted: Int) throws -> Int {
            for _ in 0..<100 {
                let row = try fixture.pool.query("""
                    SELECT (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'declarations') AS inserted,
                           (SELECT sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)) FROM pg_stat_user_tables
                             WHERE relname IN ('declarations', 'declaration_versions', 'declaration_goods'))::bigint AS n
                    """)[0]
                if try row.decode(Int.self, column: "inserted") >= inserted { return try row.decode(Int.self, column: "n") }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw PostgresError(kind: .unexpectedResult, message: "the statistics never counted \(inserted) declarations")
        }
        let before = try rowsRead(once: 3_000)
        for _ in 0..<3 { #expect(try fixture.store.submit(fixture.pending(lane: lane)) == .inserted) }
        // A backend reports its statistics at a commit at most once a second.
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try fixture.store.submit(fixture.pending(lane: lane)) == .inserted)
        let read = try rowsRead(once: 3_005) - before
        #expect(read < 100, "four \(lane) declarations read \(read) rows")
    }

    /// Migrations/0017: the goods lines' shape checks, without regular expressions, refuse what
    /// the regex checks of Migrations/0002 refused.
    @Test func goodsLinesKeepTheirHSCodeCurrencyAndOriginShapes() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        /// Writes a declaration whose second goods line has these values; the first is valid.
        func write(hsCode: String, currency: String, origin: String) throws {
            let id = UUID()
            try fixture.pool.transaction { tx in
                try tx.query(Self.declarationInsert(id, carrierID: fixture.carrierID, document: document))
                try tx.query("INSERT INTO declaration_versions VALUES (\(id), 1, \(document), 2, now())")
                try tx.query(Self.goodsInsert(id, lines: [0]))
                try tx.query("""
                    INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit, gross_kg, net_kg, value, currency, origin)
                    VALUES (\(id), 1, 1, \(hsCode), 'b', 1, 'KGM', 1, 1, 1, \(currency), \(origin))
                    """)
            }
        }
        try write(hsCode: "08109010", currency: "USD", origin: "VN")
        try write(hsCode: "0810901000", currency: "CNY", origin: "CN")
        let refused: [(hsCode: String, currency: String, origin: String)] = [
            ("0810901", "USD", "VN"), ("081090100", "USD", "VN"), ("08109010000", "USD", "VN"), ("0810901A", "USD", "VN"),
            ("08109 10", "USD", "VN"), ("", "USD", "VN"), ("０８１０９０１０", "USD", "VN"), ("٠٨١٠٩٠١٠", "USD", "VN"),
            ("08109010", "usd", "VN"), ("08109010", "US", "VN"), ("08109010", "USDX", "VN"), ("08109010", "ÜSD", "VN"),
            ("08109010", "USD", "vn"), ("08109010", "USD", "V1"), ("08109010", "USD", "VNM"), ("08109010", "USD", ""),
        ]
        for line in refused {
            let error = #expect(throws: PostgresError.self, "\(line)") { try write(hsCode: line.hsCode, currency: line.currency, origin: line.origin) }
            #expect(error?.isCheckViolation == true, "\(line): \(String(describing: error))")
        }
        #expect(try fixture.count("SELECT count(*) AS n FROM declarations") == 2)
    }

    @Test func aVersionsDecisionIsStoredWholeOrNotAtAll() throws {
        let fixture = try StoreFixture()
        defer { fixture.close() }
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        let decision = PostgresJSON(text: #"{"firedRules":[{"ruleId":"a"}]}"#)
        let versions: [(String, @Sendable (PostgresConnection, UUID) throws -> Void)] = [
            ("a lane without the rest of the decision", { tx, id in
                try tx.query("INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at, lane) VALUES (\(id), 1, \(document), 2, now(), 'red')")
            }),
            ("one rule fired, none listed", { tx, id in
                try tx.query("""
                    INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at, lane, score, ruleset_version, decided_at, decision, fired_rules)
                    VALUES (\(id), 1, \(document), 2, now(), 'red', 5, 'test.1', now(), \(decision), '{}')
                    """)
            }),
            ("a ruleset that was never loaded", { tx, id in
                try tx.query("""
                    INSERT INTO declaration_versions (declaration_id, version, document, goods_count, created_at, lane, score, ruleset_version, decided_at, decision, fired_rules)
                    VALUES (\(id), 1, \(document), 2, now(), 'red', 5, 'no-such-ruleset', now(), \(decision), '{a}')
                    """)
            }),
        ]
        for (name, insertVersion) in versions {
            let error = #expect(throws: PostgresError.self, "\(name)") {
                try fixture.pool.transaction { tx in
                    let id = UUID()
                    try tx.query(Self.declarationInsert(id, carrierID: fixture.carrierID, document: document))
                    try insertVersion(tx, id)
                }
            }
            #expect(error?.isCheckViolation == true || error?.isForeignKeyViolation == true, "\(name): \(String(describing: error))")
        }
        #expect(try fixture.count("SELECT count(*) AS n FROM declaration_versions") == 0)
    }

    /// Migrations/0011 moved decisions and rule hits written before it into the version rows; the
    /// old names still read them.
    @Test func decisionsStoredBeforeMigration11AreReadableAfterIt() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        defer { connection.close() }
        let all = try Migration.load(directory: Repository.root.appendingPathComponent("Migrations").path)
        _ = try Migrator(migrations: all.filter { $0.version <= 10 }, logger: Logger(label: "test")).migrate(connection: connection)
        let carrier = try connection.query("INSERT INTO carriers (name) VALUES ('Old carrier') RETURNING id")[0].decode(UUID.self, column: "id")
        try connection.query("INSERT INTO rulesets (version, sha256, document, rule_count) VALUES ('old.1', \(Array(repeating: UInt8(1), count: 32)), '{}', 2)")
        let id = UUID()
        let document = PostgresJSON(text: StoreFixture.document.compactText)
        let decision = #"{"lane": "red", "score": 20, "firedRules": [{"ruleId": "watch-plate"}, {"ruleId": "fruit"}]}"#
        try connection.transaction { tx in
            try tx.query("""
                INSERT INTO declarations (id, carrier_id, status, version, direction, crossing, planned_crossing_on,
                    trader_tax_code, vehicle_plate, document, created_at, updated_at, lane, queued_at)
                VALUES (\(id), \(carrier), 'awaiting_inspection', 1, 'export', 'HUU_NGHI', '2026-11-23', 'x', 'y', \(document), now(), now(), 'red', now())
                """)
            try tx.query("INSERT INTO declaration_versions VALUES (\(id), 1, \(document), 2, now())")
            try tx.query("""
                INSERT INTO declaration_goods (declaration_id, version, line, hs_code, description, quantity, unit, gross_kg, net_kg, value, currency, origin)
                VALUES (\(id), 1, 0, '08109010', 'a', 1, 'KGM', 1, 1, 1, 'USD', 'VN'), (\(id), 1, 1, '08045020', 'b', 1, 'KGM', 1, 1, 1, 'USD', 'VN')
                """)
            try tx.query("""
                INSERT INTO lane_decisions (declaration_id, version, lane, score, ruleset_version, decided_at, decision)
                VALUES (\(id), 1, 'red', 20, 'old.1', '2026-11-23T08:00:00Z', \(PostgresJSON(text: decision)))
                """)
            try tx.query("INSERT INTO rule_hits VALUES (\(id), 1, 'watch-plate', 'old.1'), (\(id), 1, 'fruit', 'old.1')")
        }
        _ = try Migrator(migrations: all, logger: Logger(label: "test")).migrate(connection: connection)
        let row = try connection.query("""
            SELECT lane, score, ruleset_version, rfc3339(decided_at) AS decided_at, decision::text AS decision
              FROM lane_decisions WHERE declaration_id = \(id) AND version = 1
            """)
        #expect(row.count == 1)
        #expect(try row.first?.decode(String.self, column: "lane") == "red")
        #expect(try row.first?.decode(Int.self, column: "score") == 20)
        #expect(try row.first?.decode(String.self, column: "ruleset_version") == "old.1")
        #expect(try row.first?.decode(String.self, column: "decided_at") == "2026-11-23T08:00:00.000000Z")
        #expect(try row.first?.decode(String.self, column: "decision") == decision)
        let hits = try connection.query("SELECT rule_id FROM rule_hits WHERE declaration_id = \(id) ORDER BY rule_id")
            .map { try $0.decode(String.self, column: "rule_id") }
        #expect(hits == ["fruit", "watch-plate"])
    }
}

extension StoreFixture {
    static var firstGoodsLine: JSONValue {
        guard case .object(let object) = document, case .array(let goods)? = object["goods"] else { return .null }
        return goods[0]
    }
}
