import ArgumentParser
import CarrierAPI
import Foundation
import LaneStore
import PostgresClient

/// `smartgate officer …`: officers and their bearer tokens.
struct OfficerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officer", abstract: "Add officers and revoke their tokens.",
        subcommands: [OfficerAdd.self, OfficerRevoke.self]
    )

    /// Settings, one connection, errors printed for an operator.
    static func run<T>(_ command: String, _ body: (OfficerStore) throws -> T) throws -> T {
        let settings = Startup.settings()
        _ = Startup.logger(settings, label: "smartgate.officer")
        let pool = PostgresPool(url: Startup.requireDatabaseURL(settings), size: 1)
        defer { pool.close() }
        do {
            return try body(OfficerStore(pool: pool))
        } catch {
            FileHandle.standardError.write(Data("smartgate \(command): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// `smartgate officer add NAME --role ROLE`: the token is the last line printed, shown this once.
struct OfficerAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an officer and print their token (last line).")

    @Argument(help: "The officer's name (1 to 200 characters, unique).")
    var name: String

    @Option(help: "customs, border_guard, quarantine or supervisor.")
    var role: String

    func validate() throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 200, trimmed == name else {
            throw ValidationError("NAME must be 1 to 200 characters without leading or trailing spaces")
        }
        guard OfficerRole(rawValue: role) != nil else {
            throw ValidationError("--role must be one of \(OfficerRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let token = APIKey.generate(prefix: "sgo")
        let officer = try OfficerCommand.run("officer add") { officers in
            try officers.add(name: name, role: OfficerRole(rawValue: role)!, tokenID: token.keyID, secretSHA256: token.secretSHA256)
        }
        print("officer \"\(officer.name)\" (\(officer.role.rawValue)) created (id \(officer.id.uuidString.lowercased()), token id \(token.keyID))")
        print("Store this token now; it is not shown again. Send it as `Authorization: Bearer <token>`:")
        print(token.token)
    }
}

/// `smartgate officer revoke TOKEN_ID|NAME`.
struct OfficerRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke one token (by token id) or all tokens of an officer (by name).")

    @Argument(help: "A token id (the 12 characters after sgo_) or an officer's name.")
    var tokenOrName: String

    func run() throws {
        let revoked = try OfficerCommand.run("officer revoke") { officers in try officers.revoke(tokenOrName) }
        print("revoked \(revoked.count) token(s): \(revoked.joined(separator: ", "))")
    }
}
