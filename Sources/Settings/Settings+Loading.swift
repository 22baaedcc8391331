import Foundation

extension Settings {
    /// The default config file, relative to the working directory.
    public static let defaultConfigPath = "Config/smartgate.conf"

    /// Reads the config file named by SMARTGATE_CONFIG (which must exist) or the default one
    /// (used when present), then applies the environment.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let explicit = environment["SMARTGATE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? defaultConfigPath
        var text: String?
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigFileError(path: path, line: nil, reason: "cannot be read")
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ConfigFileError(path: path, line: nil, reason: "is not valid UTF-8")
            }
            text = decoded
        } else if explicit != nil {
            throw ConfigFileError(path: path, line: nil, reason: "does not exist (named by SMARTGATE_CONFIG)")
        }
        return try resolve(configText: text, configPath: path, environment: environment)
    }
}
