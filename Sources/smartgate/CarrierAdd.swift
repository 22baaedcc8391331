import ArgumentParser
import CarrierAPI
import DeclarationStore
import Foundation

/// `smartgate carrier add NAME`: creates the carrier and prints its API key as the last line. The
/// key is shown this once; the database keeps only the SHA-256 of its secret.
struct CarrierAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a carrier and print its new API key (last line).")

    @Argument(help: "The carrier's name (1 to 200 characters, unique).")
    var name: String

    func validate() throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 200, trimmed == name else {
            throw ValidationError("NAME must be 1 to 200 characters without leading or trailing spaces")
        }
    }

    func run() throws {
        let key = APIKey.generate()
        let id = try CarrierTool.run("carrier add") { carriers in
            try carriers.add(name: name, keyID: key.keyID, secretSHA256: key.secretSHA256)
        }
        print("carrier \"\(name)\" created (id \(id.uuidString.lowercased()), key id \(key.keyID))")
        print("Store this API key now; it is not shown again. Send it as `Authorization: Bearer <key>`:")
        print(key.token)
    }
}
