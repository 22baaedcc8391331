import Logging
import PostgresClient

/// Applies migrations in order, each in its own transaction, recording version, name and
/// checksum in `schema_migrations`. A session-level advisory lock, held on one connection for
/// the whole run, makes daemons that start together migrate once: the second waits, then finds
/// nothing left to do.
public struct Migrator: Sendable {
    /// An arbitrary constant shared by every SmartGate process ("SGMIGRAT" as bytes).
    static let lockKey: Int64 = 0x5347_4D49_4752_4154

    public let migrations: [Migration]
    let logger: Logger

    public init(migrations: [Migration], logger: Logger = Logger(label: "smartgate.migrations")) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Returns the migrations this run applied (empty when the schema was current).
    @discardableResult
    public func migrate(connection: PostgresConnection) throws -> [Migration] {
        try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }

        if try !hasHistory(connection) {
            try connection.simpleQuery("""
            CREATE TABLE schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        }
        let applied = try appliedMigrations(connection)
        try verify(applied: applied)

        var done: [Migration] = []
        for migration in migrations where applied[migration.version] == nil {
            do {
                try connection.transaction { tx in
                    try tx.simpleQuery(migration.sql)
                    try tx.execute("""
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError {
                throw MigrationError.failed(version: migration.version, name: migration.name, reason: error.description)
            }
            logger.info("applied migration", metadata: ["migration": "\(migration.fileName)"])
            done.append(migration)
        }
        return done
    }

    /// Whether `schema_migrations` exists (a database never migrated has none).
    func hasHistory(_ connection: PostgresConnection) throws -> Bool {
        try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")[0].decode(Bool.self, column: "present")
    }

    /// Versions applied so far, with their name and checksum.
    func appliedMigrations(_ connection: PostgresConnection) throws -> [Int: (name: String, checksum: String)] {
        var applied: [Int: (name: String, checksum: String)] = [:]
        for row in try connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version") {
            applied[try row.decode(Int.self, column: "version")] =
                (try row.decode(String.self, column: "name"), try row.decode(String.self, column: "checksum"))
        }
        return applied
    }

    /// Refuses to go on when an applied migration was edited, or the database is ahead of us.
    func verify(applied: [Int: (name: String, checksum: String)]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[version] else {
                throw MigrationError.unknownApplied(version: version, name: record.name)
            }
            if migration.checksum != record.checksum {
                throw MigrationError.checksumMismatch(version: version, name: migration.name, applied: record.checksum, onDisk: migration.checksum)
            }
        }
    }

    /// Migrations not yet applied, for `smartgate migrate --status`-style reporting.
    /// A database never migrated has every migration pending.
    public func pending(connection: PostgresConnection) throws -> [Migration] {
        guard try hasHistory(connection) else { return migrations }
        let applied = try appliedMigrations(connection)
        return migrations.filter { applied[$0.version] == nil }
    }
}
