import ArgumentParser

/// `smartgate`: the daemon (`serve`) and its admin subcommands (`migrate`, `config`, `carrier`, `officer`, `partner`, `outbox`, `audit`).
@main
struct SmartGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smartgate",
        abstract: "The SmartGate single-window gateway for the Hữu Nghị – Youyiguan road crossing.",
        subcommands: [Serve.self, Migrate.self, ShowConfig.self, CarrierCommand.self, OfficerCommand.self, PartnerCommand.self, OutboxCommand.self, AuditCommand.self]
    )
}
