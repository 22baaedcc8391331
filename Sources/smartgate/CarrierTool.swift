import ArgumentParser
import DeclarationStore
import Foundation
import PostgresClient

/// What the carrier subcommands share: settings, one connection, errors printed for an operator.
enum CarrierTool {
    static func run<T>(_ command: String, _ body: (CarrierStore) throws -> T) throws -> T {
        let settings = Startup.settings()
        _ = Startup.logger(settings, label: "smartgate.carrier")
        let pool = PostgresPool(url: Startup.requireDatabaseURL(settings), size: 1)
        defer { pool.close() }
        do {
            return try body(CarrierStore(pool: pool))
        } catch let error as CarrierStoreError {
            FileHandle.standardError.write(Data("smartgate \(command): \(error)\n".utf8))
            throw ExitCode.failure
        } catch let error as PostgresError where error.sqlState == "42P01" {
            FileHandle.standardError.write(Data("smartgate \(command): the schema is not migrated; run `smartgate migrate` first (\(error.message))\n".utf8))
            throw ExitCode.failure
        } catch {
            FileHandle.standardError.write(Data("smartgate \(command): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
