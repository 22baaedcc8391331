import ArgumentParser
import Foundation
import Logging
import PostgresClient
import SchemaMigrations

/// `smartgate migrate`: applies pending migrations and exits.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @Flag(help: "List applied and pending migrations without applying anything.")
    var status = false

    func run() throws {
        let settings = Startup.settings()
        let logger = Startup.logger(settings, label: "smartgate.migrate")
        let url = Startup.requireDatabaseURL(settings)
        do {
            let migrator = Migrator(migrations: try Migration.load(directory: settings.migrationsDirectory), logger: logger)
            let connection = try PostgresConnection(url: url)
            defer { connection.close() }
            if status {
                let pending = Set(try migrator.pending(connection: connection).map(\.version))
                for migration in migrator.migrations {
                    print("\(pending.contains(migration.version) ? "pending" : "applied") \(migration.fileName)")
                }
                return
            }
            let applied = try migrator.migrate(connection: connection)
            print(applied.isEmpty ? "schema is up to date (\(migrator.migrations.count) migrations)" : "applied \(applied.count) migration(s): \(applied.map(\.fileName).joined(separator: ", "))")
        } catch {
            FileHandle.standardError.write(Data("smartgate migrate: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
