/// A setting that stops the daemon at start, with what is wrong and what would be accepted.
public struct SettingsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The setting's key as written in the config file, e.g. `http_port`.
    public var setting: String
    /// Where the bad value came from: an environment variable or a file and line.
    public var origin: String
    public var value: String
    /// The allowed values, in words.
    public var allowed: String

    public var description: String {
        "invalid setting \(setting) = \"\(value)\" (from \(origin)); allowed: \(allowed)"
    }
}

/// A config file that cannot be used at all.
public struct ConfigFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var line: Int?
    public var reason: String

    public var description: String {
        if let line { return "\(path):\(line): \(reason)" }
        return "\(path): \(reason)"
    }
}
