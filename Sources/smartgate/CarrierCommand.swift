import ArgumentParser

/// `smartgate carrier …`: carriers and their API keys.
struct CarrierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carrier", abstract: "Add, revoke and list carriers' API keys.",
        subcommands: [CarrierAdd.self, CarrierRevoke.self, CarrierList.self]
    )
}
