import Foundation
import PostgresClient
import SchemaMigrations
import Testing
import TestSupport

/// A temporary migrations folder.
struct MigrationFolder {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sg-migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, sql) in files { try write(name, sql) }
    }

    func write(_ name: String, _ sql: String) throws {
        try sql.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

@Suite struct MigratorTests {
    @Test func migrationsApplyInOrderOnceEachWithTheirChecksums() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let folder = try MigrationFolder([
            "0002_lanes.sql": "ALTER TABLE carriers ADD COLUMN lane text;",
            "0001_carriers.sql": "CREATE TABLE carriers (name text);",
        ])
        defer { folder.remove() }
        let connection = try db.connect()
        let migrator = Migrator(migrations: try Migration.load(directory: folder.url.path))
        #expect(try migrator.migrate(connection: connection).map(\.version) == [1, 2])
        #expect(try migrator.migrate(connection: connection).isEmpty)
        let rows = try connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        #expect(try rows.map { try $0.decode(String.self, column: "name") } == ["carriers", "lanes"])
        #expect(try rows[0].decode(String.self, column: "checksum") == migrator.migrations[0].checksum)
        #expect(migrator.migrations[0].checksum.count == 64)
    }

    @Test func anEditedMigrationIsRefusedByName() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let folder = try MigrationFolder(["0001_carriers.sql": "CREATE TABLE carriers (name text);"])
        defer { folder.remove() }
        let connection = try db.connect()
        try Migrator(migrations: try Migration.load(directory: folder.url.path)).migrate(connection: connection)
        try folder.write("0001_carriers.sql", "CREATE TABLE carriers (name text, extra int);")
        try folder.write("0002_more.sql", "CREATE TABLE more (n int);")
        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: try Migration.load(directory: folder.url.path)).migrate(connection: connection)
        }
        #expect(error?.description.contains("0001_carriers.sql was edited after it was applied") == true)
        // Nothing after the refusal was applied.
        #expect(try connection.query("SELECT count(*) AS n FROM schema_migrations")[0].decode(Int.self, column: "n") == 1)
    }

    @Test func aFailingMigrationIsRolledBackAndNotRecorded() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let folder = try MigrationFolder([
            "0001_ok.sql": "CREATE TABLE ok (n int);",
            "0002_broken.sql": "CREATE TABLE half (n int); INSERT INTO nowhere VALUES (1);",
        ])
        defer { folder.remove() }
        let connection = try db.connect()
        let error = #expect(throws: MigrationError.self) {
            try Migrator(migrations: try Migration.load(directory: folder.url.path)).migrate(connection: connection)
        }
        #expect(error?.description.contains("0002_broken.sql failed") == true)
        #expect(error?.description.contains("nowhere") == true)
        #expect(try connection.query("SELECT to_regclass('half') IS NULL AS gone")[0].decode(Bool.self, column: "gone"))
        #expect(try connection.query("SELECT count(*) AS n FROM schema_migrations")[0].decode(Int.self, column: "n") == 1)
    }

    @Test func misnamedAndDuplicateMigrationFilesAreRefused() throws {
        let misnamed = try MigrationFolder(["1_carriers.sql": "SELECT 1;"])
        defer { misnamed.remove() }
        #expect(throws: MigrationError.badFileName(file: "1_carriers.sql")) { try Migration.load(directory: misnamed.url.path) }
        let duplicate = try MigrationFolder(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 1;"])
        defer { duplicate.remove() }
        #expect(throws: MigrationError.duplicateVersion(version: 1, files: ["0001_a.sql", "0001_b.sql"])) {
            try Migration.load(directory: duplicate.url.path)
        }
    }

    @Test func aDatabaseAheadOfTheBuildIsRefused() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let folder = try MigrationFolder(["0001_a.sql": "SELECT 1;", "0002_b.sql": "SELECT 2;"])
        defer { folder.remove() }
        let connection = try db.connect()
        try Migrator(migrations: try Migration.load(directory: folder.url.path)).migrate(connection: connection)
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("0002_b.sql"))
        #expect(throws: MigrationError.unknownApplied(version: 2, name: "b")) {
            try Migrator(migrations: try Migration.load(directory: folder.url.path)).migrate(connection: connection)
        }
    }

    @Test func twoProcessesMigratingAtOnceApplyEachMigrationOnce() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        // Without the advisory lock both processes would run 0002 (no constraint stops a
        // second INSERT), and one would then fail on schema_migrations' primary key.
        let folder = try MigrationFolder([
            "0001_log.sql": "CREATE TABLE applied_log (migration int, at timestamptz DEFAULT clock_timestamp());",
            "0002_slow.sql": "SELECT pg_sleep(0.5); INSERT INTO applied_log (migration) VALUES (2);",
            "0003_after.sql": "INSERT INTO applied_log (migration) VALUES (3);",
        ])
        defer { folder.remove() }
        let binary = try Repository.smartgateBinary()
        let environment = ["SMARTGATE_DATABASE_URL": db.url, "SMARTGATE_MIGRATIONS_DIR": folder.url.path]
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let result = try? runProcess(binary, ["migrate"], environment: environment, currentDirectory: Repository.root)
            results.set(index, result)
        }
        for result in results.all {
            #expect(result?.status == 0, "migrate failed: \(result?.stderr ?? "did not run")")
        }
        let connection = try db.connect()
        let log = try connection.query("SELECT migration FROM applied_log ORDER BY migration").map { try $0.decode(Int.self, column: "migration") }
        #expect(log == [2, 3])
        #expect(try connection.query("SELECT count(*) AS n FROM schema_migrations")[0].decode(Int.self, column: "n") == 3)
    }

    @Test func theRepositorysMigrationsApplyToAnEmptyDatabase() throws {
        let db = try TestDatabase.create()
        defer { db.drop() }
        let migrations = try Migration.load(directory: Repository.root.appendingPathComponent("Migrations").path)
        #expect(!migrations.isEmpty)
        let connection = try db.connect()
        #expect(try Migrator(migrations: migrations).migrate(connection: connection).count == migrations.count)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: ProcessResult?] = [:]
    func set(_ index: Int, _ result: ProcessResult?) { lock.withLock { results[index] = result } }
    var all: [ProcessResult?] { lock.withLock { results.sorted { $0.key < $1.key }.map(\.value) } }
}
