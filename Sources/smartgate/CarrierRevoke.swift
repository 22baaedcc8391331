import ArgumentParser
import DeclarationStore

/// `smartgate carrier revoke KEY_ID|NAME`: the key (or every key of the carrier) stops working at once.
struct CarrierRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke one API key (by key id) or all keys of a carrier (by name).")

    @Argument(help: "A key id (the 12 characters after sgk_) or a carrier's name.")
    var keyOrName: String

    func run() throws {
        let revoked = try CarrierTool.run("carrier revoke") { carriers in try carriers.revoke(keyOrName) }
        print("revoked \(revoked.count) key(s): \(revoked.joined(separator: ", "))")
    }
}
