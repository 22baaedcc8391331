import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite struct PostgresConnectionTests {
    @Test func everyTypeRoundTripsThroughATable() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        try connection.simpleQuery("""
            CREATE TABLE samples (
                t text, i8 bigint, i4 integer, i2 smallint, b boolean, f8 double precision,
                n numeric, ts timestamptz, d date, u uuid, j jsonb, bin bytea
            )
            """)
        let now = Date(timeIntervalSince1970: 1_795_000_000.123456)
        let id = UUID()
        let text = "Sầu riêng tươi — 桂F12345挂 — Nguyễn Văn An"
        let json = PostgresJSON(text: #"{"nameVi": "Lạng Sơn", "nameZh": "凭祥", "n": 1}"#)
        let bytes: [UInt8] = [0, 1, 2, 0x5C, 0x78, 255, 0x27]
        try connection.execute("""
            INSERT INTO samples VALUES (\(text), \(Int.max), \(Int32.min), \(Int16(-7)), \(true), \(0.1),
                \(Decimal(string: "54000.125")!), \(now), \(PostgresDate("2026-11-23")!), \(id), \(json), \(bytes))
            """)
        let row = try #require(try connection.query("SELECT * FROM samples").first)
        #expect(try row.decode(String.self, column: "t") == text)
        #expect(try row.decode(Int.self, column: "i8") == Int.max)
        #expect(try row.decode(Int32.self, column: "i4") == Int32.min)
        #expect(try row.decode(Int16.self, column: "i2") == -7)
        #expect(try row.decode(Bool.self, column: "b") == true)
        #expect(try row.decode(Double.self, column: "f8") == 0.1)
        #expect(try row.decode(Decimal.self, column: "n") == Decimal(string: "54000.125")!)
        let decodedTime = try row.decode(Date.self, column: "ts")
        #expect(abs(decodedTime.timeIntervalSince(now)) < 0.000_001)
        #expect(try row.decode(PostgresDate.self, column: "d") == PostgresDate(year: 2026, month: 11, day: 23))
        #expect(try row.decode(UUID.self, column: "u") == id)
        struct Names: Decodable, Equatable { var nameVi: String; var nameZh: String; var n: Int }
        #expect(try row.decode(PostgresJSON.self, column: "j").decode(Names.self) == Names(nameVi: "Lạng Sơn", nameZh: "凭祥", n: 1))
        #expect(try row.decode([UInt8].self, column: "bin") == bytes)
    }

    @Test func nullDecodesAsNilForOptionalsAndIsAnErrorOtherwise() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        let none: String? = nil
        let row = try #require(try connection.query("SELECT \(none)::text AS t, NULL::bigint AS i, NULL::timestamptz AS ts, NULL::uuid AS u").first)
        #expect(try row.decode(String?.self, column: "t") == nil)
        #expect(try row.decode(Int?.self, column: "i") == nil)
        #expect(try row.decode(Date?.self, column: "ts") == nil)
        #expect(try row.decode(UUID?.self, column: "u") == nil)
        #expect(row.isNull(column: "t"))
        let error = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "i") }
        #expect(error?.kind == .decoding)
        #expect(error?.message.contains("column i is NULL") == true)
    }

    @Test func aTimestampWithAnotherOffsetDecodesToTheSameInstant() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        let row = try #require(try connection.query("SELECT '2026-11-24 17:30:00.5+07'::timestamptz AS ts, '2026-11-24 10:30:00.5Z'::timestamptz AS utc").first)
        #expect(try row.decode(Date.self, column: "ts") == row.decode(Date.self, column: "utc"))
        #expect(try row.decode(Date.self, column: "ts").timeIntervalSince1970 == 1_795_516_200.5)
    }

    @Test func anInjectionStringInAParameterStaysData() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        try connection.simpleQuery("CREATE TABLE carriers (name text)")
        let hostile = "x'); DROP TABLE carriers; --"
        try connection.execute("INSERT INTO carriers (name) VALUES (\(hostile))")
        let rows = try connection.query("SELECT name FROM carriers WHERE name = \(hostile)")
        #expect(rows.count == 1)
        #expect(try rows[0].decode(String.self, column: "name") == hostile)
        #expect(try connection.query("SELECT count(*) AS n FROM carriers")[0].decode(Int.self, column: "n") == 1)
    }

    @Test func aPreparedStatementRunsAgainWithNewParametersAndIsPreparedAgainAfterAReconnect() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        var connection = try db.connect()
        try connection.simpleQuery("CREATE TABLE crossings (name text, trucks integer)")
        for (name, trucks) in [("Hữu Nghị", 1350), ("友谊关", 3000), ("x'); DROP TABLE crossings; --", 1)] {
            try connection.queryPrepared("INSERT INTO crossings (name, trucks) VALUES (\(name), \(trucks))", name: "add_crossing")
        }
        let rows = try connection.queryPrepared("SELECT sum(trucks) AS n FROM crossings WHERE trucks > \(0)", name: "total")
        #expect(try rows[0].decode(Int.self, column: "n") == 4351)
        #expect(try connection.query("SELECT count(*) AS n FROM pg_prepared_statements")[0].decode(Int.self, column: "n") == 2)
        connection.close()
        connection = try db.connect()
        try connection.queryPrepared("INSERT INTO crossings (name, trucks) VALUES (\(String("Tân Thanh")), \(500))", name: "add_crossing")
        #expect(try connection.query("SELECT count(*) AS n FROM crossings")[0].decode(Int.self, column: "n") == 4)
        connection.close()
    }

    @Test func aTextParameterWithANulByteIsRefusedRatherThanCutShort() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT \("before\u{0}after")::text") }
        #expect(error?.kind == .invalidParameter)
    }

    @Test func aThrownErrorRollsTheTransactionBack() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        try connection.simpleQuery("CREATE TABLE lanes (lane text)")
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try connection.transaction { tx in
                try tx.execute("INSERT INTO lanes VALUES (\("green"))")
                throw Refused()
            }
        }
        #expect(!connection.isInTransaction)
        #expect(try connection.query("SELECT count(*) AS n FROM lanes")[0].decode(Int.self, column: "n") == 0)
        try connection.transaction { tx in try tx.execute("INSERT INTO lanes VALUES (\("red"))") }
        #expect(try connection.query("SELECT lane FROM lanes")[0].decode(String.self, column: "lane") == "red")
    }

    @Test func aUniqueViolationIsToldApartWithItsConstraint() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        try connection.simpleQuery("CREATE TABLE keys (k text CONSTRAINT keys_k_unique UNIQUE)")
        try connection.execute("INSERT INTO keys VALUES (\("a"))")
        let error = #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO keys VALUES (\("a"))") }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.constraint == "keys_k_unique")
        #expect(error?.kind == .server)
        // The connection stays usable after a statement error.
        #expect(try connection.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
    }

    @Test func aSerializationFailureIsToldApart() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let a = try db.connect(), b = try db.connect()
        try a.simpleQuery("CREATE TABLE counter (n integer); INSERT INTO counter VALUES (0)")
        try a.simpleQuery("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try b.simpleQuery("BEGIN ISOLATION LEVEL REPEATABLE READ")
        _ = try a.query("SELECT n FROM counter")
        _ = try b.query("SELECT n FROM counter")
        try a.execute("UPDATE counter SET n = n + 1")
        try a.simpleQuery("COMMIT")
        let error = #expect(throws: PostgresError.self) { try b.execute("UPDATE counter SET n = n + 1") }
        #expect(error?.isSerializationFailure == true)
        try b.simpleQuery("ROLLBACK")
    }

    @Test func aBadURLFailsToConnectWithLibpqsReason() throws {
        let error = #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(url: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.isEmpty == false)
    }

    @Test func aPipelineRunsSeveralStatementsInOneRoundTrip() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let connection = try db.connect()
        try connection.simpleQuery("CREATE TABLE events (n integer PRIMARY KEY)")
        let results = try connection.pipeline((1...5).map { "INSERT INTO events VALUES (\($0)) RETURNING n" })
        #expect(try results.map { try $0[0].decode(Int.self, column: "n") } == [1, 2, 3, 4, 5])
        let error = #expect(throws: PostgresError.self) {
            try connection.pipeline(["INSERT INTO events VALUES (\(6))", "INSERT INTO events VALUES (\(1))", "INSERT INTO events VALUES (\(7))"])
        }
        #expect(error?.isUniqueViolation == true)
        // The batch is one implicit transaction: 6 is rolled back with the failure, 7 never ran.
        #expect(try connection.query("SELECT count(*) AS n FROM events")[0].decode(Int.self, column: "n") == 5)
        #expect(try connection.query("SELECT 1 AS one")[0].decode(Int.self, column: "one") == 1)
    }
}
