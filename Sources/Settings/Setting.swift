/// The catalogue of settings: key, default and environment variable. Config/smartgate.conf
/// documents each one; a test keeps that file and this list in step.
public struct Setting: Sendable {
    public let key: String
    public let defaultValue: String

    public var environmentVariable: String { "SMARTGATE_" + key.uppercased() }

    public static let all: [Setting] = [
        Setting(key: "database_url", defaultValue: ""),
        Setting(key: "database_pool_size", defaultValue: "16"),
        Setting(key: "database_pool_timeout_ms", defaultValue: "5000"),
        Setting(key: "migrate_on_start", defaultValue: "true"),
        Setting(key: "migrations_dir", defaultValue: "Migrations"),
        Setting(key: "http_host", defaultValue: "0.0.0.0"),
        Setting(key: "http_port", defaultValue: "8080"),
        Setting(key: "http_workers", defaultValue: "64"),
        Setting(key: "http_max_connections", defaultValue: "16384"),
        Setting(key: "http_header_timeout_ms", defaultValue: "10000"),
        Setting(key: "http_body_timeout_ms", defaultValue: "30000"),
        Setting(key: "http_idle_timeout_ms", defaultValue: "75000"),
        Setting(key: "http_write_timeout_ms", defaultValue: "30000"),
        Setting(key: "http_tls_certificate", defaultValue: ""),
        Setting(key: "http_tls_key", defaultValue: ""),
        Setting(key: "http_tls_client_ca", defaultValue: ""),
        Setting(key: "http_tls_client_auth", defaultValue: "none"),
        Setting(key: "group_commit_max_batch", defaultValue: "256"),
        Setting(key: "group_commit_max_wait_us", defaultValue: "0"),
        Setting(key: "group_commit_connections", defaultValue: "1"),
        Setting(key: "group_commit_coming_wait_us", defaultValue: "2000"),
        Setting(key: "group_commit_coming_wait_below", defaultValue: "8"),
        Setting(key: "risk_rules_file", defaultValue: "Config/risk-rules.json"),
        Setting(key: "partner_port", defaultValue: "8443"),
        Setting(key: "partner_host", defaultValue: "0.0.0.0"),
        Setting(key: "partner_tls_certificate", defaultValue: ""),
        Setting(key: "partner_tls_key", defaultValue: ""),
        Setting(key: "partner_tls_client_ca", defaultValue: ""),
        Setting(key: "exchange_node_id", defaultValue: "huu-nghi"),
        Setting(key: "exchange_signing_key", defaultValue: ""),
        Setting(key: "exchange_clock_window_s", defaultValue: "300"),
        Setting(key: "exchange_client_certificate", defaultValue: ""),
        Setting(key: "exchange_client_key", defaultValue: ""),
        Setting(key: "exchange_partner_ca", defaultValue: ""),
        Setting(key: "outbox_max_attempts", defaultValue: "8"),
        Setting(key: "outbox_poll_ms", defaultValue: "500"),
        Setting(key: "outbox_max_backoff_ms", defaultValue: "300000"),
        Setting(key: "shutdown_grace_ms", defaultValue: "10000"),
        Setting(key: "log_level", defaultValue: "info"),
    ]
}
