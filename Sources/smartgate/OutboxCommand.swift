import ArgumentParser
import ExchangeStore
import Foundation
import PostgresClient

/// `smartgate outbox list|retry`: what the delivery worker could not deliver, for an operator.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Messages pushed to partners: list them, retry parked ones.",
        subcommands: [OutboxList.self, OutboxRetry.self]
    )

    static func run<T>(_ command: String, _ body: (Outbox) throws -> T) throws -> T {
        let settings = Startup.settings()
        _ = Startup.logger(settings, label: "smartgate.outbox")
        let pool = PostgresPool(url: Startup.requireDatabaseURL(settings), size: 1)
        defer { pool.close() }
        do {
            return try body(Outbox(pool: pool))
        } catch {
            FileHandle.standardError.write(Data("smartgate \(command): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

struct OutboxList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List outbox messages (one JSON object per line).")

    @Option(help: "pending, delivered, parked or withdrawn (default: all).")
    var status: String?

    func run() throws {
        if let status, !["pending", "delivered", "parked", "withdrawn"].contains(status) {
            throw ValidationError("--status must be pending, delivered, parked or withdrawn")
        }
        for item in try OutboxCommand.run("outbox list", { try $0.list(status: status) }) {
            print(item.compactText)
        }
    }
}

struct OutboxRetry: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue parked messages again (one by id, or --all).")

    @Argument(help: "The outbox id (from `outbox list`).")
    var id: Int64?
    @Flag(help: "Every parked message.")
    var all = false

    func validate() throws {
        guard (id != nil) != all else { throw ValidationError("give an outbox id or --all") }
    }

    func run() throws {
        let count = try OutboxCommand.run("outbox retry") { try $0.retry(id: id) }
        print("\(count) message(s) queued again")
        if count == 0 { throw ExitCode.failure }
    }
}
