/// Every setting of the daemon. Defaults live in `Setting.all`; Config/smartgate.conf lists them
/// with their documentation; each can be overridden by its environment variable.
public struct Settings: Sendable, Equatable {
    public enum ClientAuth: String, Sendable, CaseIterable { case none, optional, required }

    public var databaseURL: String
    public var databasePoolSize: Int
    public var databasePoolTimeoutMs: Int
    public var migrateOnStart: Bool
    public var migrationsDirectory: String
    public var httpHost: String
    public var httpPort: Int
    public var httpWorkers: Int
    public var httpMaxConnections: Int
    public var httpHeaderTimeoutMs: Int
    public var httpBodyTimeoutMs: Int
    public var httpIdleTimeoutMs: Int
    public var httpWriteTimeoutMs: Int
    public var httpTLSCertificate: String
    public var httpTLSKey: String
    public var httpTLSClientCA: String
    public var httpTLSClientAuth: ClientAuth
    public var groupCommitMaxBatch: Int
    public var groupCommitMaxWaitMicroseconds: Int
    public var groupCommitConnections: Int
    public var groupCommitComingWaitMicroseconds: Int
    public var groupCommitComingWaitBelow: Int
    public var riskRulesFile: String
    public var partnerPort: Int
    public var partnerHost: String
    public var partnerTLSCertificate: String
    public var partnerTLSKey: String
    public var partnerTLSClientCA: String
    public var exchangeNodeID: String
    public var exchangeSigningKey: String
    public var exchangeClockWindowSeconds: Int
    public var exchangeClientCertificate: String
    public var exchangeClientKey: String
    public var exchangePartnerCA: String
    public var outboxMaxAttempts: Int
    public var outboxPollMs: Int
    public var outboxMaxBackoffMs: Int
    public var shutdownGraceMs: Int
    public var logLevel: String

    /// Builds settings from a config file's text (nil: no file) and the environment.
    /// Pure: reads nothing itself, so tests hand in both.
    public static func resolve(configText: String?, configPath: String, environment: [String: String]) throws -> Settings {
        var raw: [String: (value: String, origin: String)] = [:]
        for setting in Setting.all { raw[setting.key] = (setting.defaultValue, "the default") }
        if let configText {
            for entry in try ConfigFile.parse(configText, path: configPath) {
                guard raw[entry.key] != nil else {
                    throw ConfigFileError(path: configPath, line: entry.line, reason: "unknown setting \(entry.key) (known: \(Setting.all.map(\.key).joined(separator: ", ")))")
                }
                raw[entry.key] = (entry.value, "\(configPath) line \(entry.line)")
            }
        }
        for setting in Setting.all {
            if let value = environment[setting.environmentVariable] {
                raw[setting.key] = (value, "environment variable \(setting.environmentVariable)")
            }
        }
        let reader = Reader(raw: raw)
        let settings = Settings(
            databaseURL: try reader.string("database_url"),
            databasePoolSize: try reader.integer("database_pool_size", 1...1000),
            databasePoolTimeoutMs: try reader.integer("database_pool_timeout_ms", 1...600_000),
            migrateOnStart: try reader.bool("migrate_on_start"),
            migrationsDirectory: try reader.string("migrations_dir", nonEmpty: true),
            httpHost: try reader.string("http_host", nonEmpty: true),
            httpPort: try reader.integer("http_port", 0...65535),
            httpWorkers: try reader.integer("http_workers", 1...1024),
            httpMaxConnections: try reader.integer("http_max_connections", 1...1_000_000),
            httpHeaderTimeoutMs: try reader.integer("http_header_timeout_ms", 1...3_600_000),
            httpBodyTimeoutMs: try reader.integer("http_body_timeout_ms", 1...3_600_000),
            httpIdleTimeoutMs: try reader.integer("http_idle_timeout_ms", 1...3_600_000),
            httpWriteTimeoutMs: try reader.integer("http_write_timeout_ms", 1...3_600_000),
            httpTLSCertificate: try reader.string("http_tls_certificate"),
            httpTLSKey: try reader.string("http_tls_key"),
            httpTLSClientCA: try reader.string("http_tls_client_ca"),
            httpTLSClientAuth: try reader.choice("http_tls_client_auth", ClientAuth.self),
            groupCommitMaxBatch: try reader.integer("group_commit_max_batch", 1...10_000),
            groupCommitMaxWaitMicroseconds: try reader.integer("group_commit_max_wait_us", 0...1_000_000),
            groupCommitConnections: try reader.integer("group_commit_connections", 1...8),
            groupCommitComingWaitMicroseconds: try reader.integer("group_commit_coming_wait_us", 0...1_000_000),
            groupCommitComingWaitBelow: try reader.integer("group_commit_coming_wait_below", 1...10_000),
            riskRulesFile: try reader.string("risk_rules_file", nonEmpty: true),
            partnerPort: try reader.integer("partner_port", 0...65535),
            partnerHost: try reader.string("partner_host", nonEmpty: true),
            partnerTLSCertificate: try reader.string("partner_tls_certificate"),
            partnerTLSKey: try reader.string("partner_tls_key"),
            partnerTLSClientCA: try reader.string("partner_tls_client_ca"),
            exchangeNodeID: try reader.string("exchange_node_id", nonEmpty: true),
            exchangeSigningKey: try reader.string("exchange_signing_key"),
            exchangeClockWindowSeconds: try reader.integer("exchange_clock_window_s", 1...86_400),
            exchangeClientCertificate: try reader.string("exchange_client_certificate"),
            exchangeClientKey: try reader.string("exchange_client_key"),
            exchangePartnerCA: try reader.string("exchange_partner_ca"),
            outboxMaxAttempts: try reader.integer("outbox_max_attempts", 1...1000),
            outboxPollMs: try reader.integer("outbox_poll_ms", 10...600_000),
            outboxMaxBackoffMs: try reader.integer("outbox_max_backoff_ms", 10...86_400_000),
            shutdownGraceMs: try reader.integer("shutdown_grace_ms", 0...3_600_000),
            logLevel: try reader.oneOf("log_level", ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        )
        try settings.checkCombinations(origins: raw.mapValues(\.origin))
        return settings
    }

    /// Rules that involve more than one setting.
    private func checkCombinations(origins: [String: String]) throws {
        if httpTLSCertificate.isEmpty != httpTLSKey.isEmpty {
            let missing = httpTLSCertificate.isEmpty ? "http_tls_certificate" : "http_tls_key"
            throw SettingsError(setting: missing, origin: origins[missing] ?? "the default", value: "",
                                allowed: "a file path: http_tls_certificate and http_tls_key are set together")
        }
        if httpTLSClientAuth != .none && (httpTLSClientCA.isEmpty || httpTLSCertificate.isEmpty) {
            throw SettingsError(setting: "http_tls_client_auth", origin: origins["http_tls_client_auth"] ?? "the default",
                                value: httpTLSClientAuth.rawValue,
                                allowed: "none, unless http_tls_certificate, http_tls_key and http_tls_client_ca are set")
        }
        let partnerFiles = [partnerTLSCertificate, partnerTLSKey, partnerTLSClientCA, exchangeSigningKey]
        if partnerFiles.contains(where: { !$0.isEmpty }) && partnerFiles.contains(where: \.isEmpty) {
            let missing = ["partner_tls_certificate", "partner_tls_key", "partner_tls_client_ca", "exchange_signing_key"][partnerFiles.firstIndex(where: \.isEmpty)!]
            throw SettingsError(setting: missing, origin: origins[missing] ?? "the default", value: "",
                                allowed: "a file path: the partner listener needs partner_tls_certificate, partner_tls_key, partner_tls_client_ca and exchange_signing_key together")
        }
        if exchangeClientCertificate.isEmpty != exchangeClientKey.isEmpty {
            let missing = exchangeClientCertificate.isEmpty ? "exchange_client_certificate" : "exchange_client_key"
            throw SettingsError(setting: missing, origin: origins[missing] ?? "the default", value: "",
                                allowed: "a file path: exchange_client_certificate and exchange_client_key are set together")
        }
        if httpPort != 0 && httpPort == partnerPort {
            throw SettingsError(setting: "partner_port", origin: origins["partner_port"] ?? "the default",
                                value: String(partnerPort), allowed: "a port other than http_port (\(httpPort))")
        }
    }
}

/// Turns raw text into typed values, naming the setting, its origin and the allowed values on failure.
struct Reader {
    let raw: [String: (value: String, origin: String)]

    private func entry(_ key: String) -> (value: String, origin: String) {
        guard let entry = raw[key] else { preconditionFailure("setting \(key) is not declared in Setting.all") }
        return entry
    }

    private func fail(_ key: String, _ allowed: String) -> SettingsError {
        let entry = entry(key)
        return SettingsError(setting: key, origin: entry.origin, value: entry.value, allowed: allowed)
    }

    func string(_ key: String, nonEmpty: Bool = false) throws -> String {
        let value = entry(key).value
        if nonEmpty && value.isEmpty { throw fail(key, "a non-empty text") }
        if value.utf8.contains(where: { $0 < 0x20 }) { throw fail(key, "text without control characters") }
        return value
    }

    func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int {
        let value = entry(key).value
        guard value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(value), range.contains(number) else {
            throw fail(key, "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func bool(_ key: String) throws -> Bool {
        switch entry(key).value.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw fail(key, "true or false")
        }
    }

    func oneOf(_ key: String, _ choices: [String]) throws -> String {
        let value = entry(key).value
        guard choices.contains(value) else { throw fail(key, choices.joined(separator: ", ")) }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T where T.RawValue == String {
        let value = entry(key).value
        guard let choice = T(rawValue: value) else {
            throw fail(key, T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }
}
