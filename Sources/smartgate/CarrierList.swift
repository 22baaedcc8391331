import ArgumentParser
import DeclarationStore

/// `smartgate carrier list`: carriers, their key ids (never secrets) and declaration counts.
struct CarrierList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List carriers, their key ids and declaration counts.")

    func run() throws {
        let carriers = try CarrierTool.run("carrier list") { try $0.list() }
        if carriers.isEmpty { print("no carriers (add one with `smartgate carrier add NAME`)") }
        for carrier in carriers {
            print("\(carrier.name)\tid \(carrier.id.uuidString.lowercased())\tcreated \(carrier.createdAt)\tdeclarations \(carrier.declarations)")
            print("\tactive keys: \(carrier.activeKeys.isEmpty ? "none" : carrier.activeKeys.joined(separator: " "))")
            if !carrier.revokedKeys.isEmpty { print("\trevoked keys: \(carrier.revokedKeys.joined(separator: " "))") }
        }
    }
}
