import ArgumentParser
import Settings

/// `smartgate config`: prints the effective settings, so an operator sees what the daemon would use.
struct ShowConfig: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Check the configuration and print the effective settings.")

    func run() throws {
        let settings = Startup.settings()
        let mirror = Mirror(reflecting: settings)
        for child in mirror.children {
            guard let label = child.label else { continue }
            // The URL may carry a password.
            let value = label == "databaseURL" ? redact(settings.databaseURL) : "\(child.value)"
            print("\(label) = \(value)")
        }
    }

    private func redact(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return url.replacingCharacters(in: colon..<at, with: ":***")
    }
}
