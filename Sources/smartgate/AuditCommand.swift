import ArgumentParser
import AuditTrail
import Foundation
import PostgresClient

/// `smartgate audit verify`: walks the hash chain; exit status 0 only when every entry verifies.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit trail.", subcommands: [AuditVerify.self])
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute the audit trail's hash chain and report the first broken entry.")

    func run() throws {
        let settings = Startup.settings()
        _ = Startup.logger(settings, label: "smartgate.audit")
        let pool = PostgresPool(url: Startup.requireDatabaseURL(settings), size: 1)
        defer { pool.close() }
        let result: AuditVerification
        do {
            result = try AuditTrail.verify(pool: pool)
        } catch {
            FileHandle.standardError.write(Data("smartgate audit verify: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(result.description)
        if case .broken = result { throw ExitCode.failure }
    }
}
