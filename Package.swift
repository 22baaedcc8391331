// swift-tools-version:6.1
import PackageDescription

// SmartGate: the single-window gateway daemon for the Hữu Nghị – Youyiguan road crossing.
// The HTTP server, the PostgreSQL client and the TLS layer are ours, over libpq, OpenSSL and zlib
// (system-library targets); well-kept packages only for argument parsing, logging and metrics.

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SmartGate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "smartgate", targets: ["smartgate"]),
        .executable(name: "nanning-peer", targets: ["nanning-peer"]),
        // For the benchmark servers under Benchmarks/, which build on the same HTTP server and JSON parser.
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "Customs", targets: ["Customs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
    ],
    targets: [
        // C libraries, wrapped as system-library targets named after the library.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Linux calls Swift's Glibc module leaves out (epoll, eventfd, accept4).
        .systemLibrary(name: "CSystemLinux"),

        // PostgreSQL client over libpq: connections, typed rows, transactions, a pool.
        .target(
            name: "PostgresClient",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Numbered SQL migrations with checksums and an advisory lock.
        .target(
            name: "SchemaMigrations",
            dependencies: ["PostgresClient", "TLS", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The daemon's settings: defaults, the config file, environment overrides, validation.
        .target(name: "Settings", swiftSettings: strict),
        // swift-log lines for stderr, written in batches instead of one write per line.
        .target(name: "BufferedLog", dependencies: [.product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .target(name: "Customs", swiftSettings: strict),
        // TLS over OpenSSL as a byte transform (memory BIOs), so any socket loop can carry it.
        .target(
            name: "TLS",
            dependencies: ["COpenSSL"],
            swiftSettings: strict
        ),
        // A small blocking HTTP/1.1 client over TCP or TLS (our TLS module), keep-alive, for the
        // partner exchange: the gateway's outbox delivery and the simulated Nanning node.
        .target(name: "HTTPClient", dependencies: ["TLS", "CSystemLinux"], swiftSettings: strict),
        // Ed25519 message signatures through OpenSSL's EVP API: keys from PEM, sign, verify.
        .target(name: "Signatures", dependencies: ["COpenSSL", "TLS"], swiftSettings: strict),
        // HTTP/1.1 server: parser, connection state machine, router, responses, sockets.
        .target(
            name: "HTTPServer",
            dependencies: [
                "TLS", "CZlib", "CSystemLinux",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The hash-chained audit trail: appending inside a change's transaction, reading, verifying.
        .target(name: "AuditTrail", dependencies: ["PostgresClient", "Customs", "TLS"], swiftSettings: strict),
        // Declarations in PostgreSQL: group commit, versions, idempotency keys; carriers and API keys.
        .target(
            name: "DeclarationStore",
            dependencies: ["PostgresClient", "Customs", "AuditTrail", "TLS", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The officers' side in PostgreSQL: officers and tokens, the ruleset in force, trader
        // profiles, queues, claims, inspections, overrides and statistics.
        .target(
            name: "LaneStore",
            dependencies: ["PostgresClient", "Customs", "AuditTrail", "DeclarationStore", "TLS",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The partner exchange's protocol: signed envelopes, canonical form, receipts and errors (no I/O).
        .target(name: "Exchange", dependencies: ["Customs", "Signatures", "HTTPServer", "TLS"], swiftSettings: strict),
        // The exchange in PostgreSQL: partners and keys, the release feed, the outbox, received messages.
        .target(
            name: "ExchangeStore",
            dependencies: ["Exchange", "PostgresClient", "Customs", "AuditTrail", "DeclarationStore", "Signatures",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The partner listener (mutual TLS): manifests pulled by partners, declarations they push.
        .target(
            name: "PartnerAPI",
            dependencies: ["Exchange", "ExchangeStore", "HTTPServer", "CarrierAPI", "LaneStore", "DeclarationStore", "Customs",
                           "Signatures", "TLS", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Pushing the outbox to partners: signed envelopes over mutual TLS, receipts, retries.
        .target(
            name: "OutboxDelivery",
            dependencies: ["Exchange", "ExchangeStore", "HTTPClient", "Customs", "TLS", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The carriers' REST API: bearer keys, declaration routes, problem+json answers.
        .target(
            name: "CarrierAPI",
            dependencies: [
                "HTTPServer", "DeclarationStore", "LaneStore", "Customs", "PostgresClient", "TLS", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The officers' REST API: bearer tokens and roles, decisions, queues, claims, inspections,
        // overrides, statistics, the audit trail and the ruleset.
        .target(
            name: "OfficerAPI",
            dependencies: [
                "HTTPServer", "CarrierAPI", "LaneStore", "DeclarationStore", "AuditTrail", "Customs", "PostgresClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The daemon and its admin subcommands.
        .executableTarget(
            name: "smartgate",
            dependencies: [
                "BufferedLog", "PostgresClient", "SchemaMigrations", "Settings", "HTTPServer", "TLS",
                "DeclarationStore", "CarrierAPI", "LaneStore", "OfficerAPI", "AuditTrail", "Customs",
                "Exchange", "ExchangeStore", "PartnerAPI", "OutboxDelivery", "Signatures", "HTTPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),

        // `make bench`: lane decisions per second with 1,000 and 10,000 rules (pure, no I/O).
        .executableTarget(name: "risk-bench", dependencies: ["Customs"], path: "Benchmarks/RiskBench"),
        .executableTarget(name: "nanning-peer", dependencies: ["BufferedLog", "Exchange", "HTTPServer", "HTTPClient", "Signatures", "Customs", "TLS", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log")], swiftSettings: strict),

        // Shared by the test targets: a fresh database per test, the repository's paths.
        .target(name: "TestSupport", dependencies: ["PostgresClient"], path: "Tests/TestSupport"),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"]),
        .testTarget(name: "SchemaMigrationsTests", dependencies: ["SchemaMigrations", "PostgresClient", "TestSupport"]),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "TestSupport"]),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "TestSupport"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", "TLS", "TestSupport"]),
        // The partner exchange against the real gateway process, real TLS and PostgreSQL.
        .testTarget(name: "ExchangeTests", dependencies: ["Exchange", "Signatures", "HTTPClient", "HTTPServer", "TLS", "Customs", "TestSupport",
                                                          .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "SignaturesTests", dependencies: ["Signatures", "Customs", "TestSupport"]),
        // Black-box tests of the `smartgate` binary against the real PostgreSQL.
        .testTarget(name: "DaemonTests", dependencies: ["TestSupport"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TLS", "TestSupport"]),
        .testTarget(name: "CustomsTests", dependencies: ["Customs"]),
        .testTarget(name: "BufferedLogTests", dependencies: ["BufferedLog", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "DeclarationStoreTests", dependencies: ["DeclarationStore", "AuditTrail", "Customs", "PostgresClient", "SchemaMigrations", "TestSupport"]),
        .testTarget(name: "LaneStoreTests", dependencies: ["LaneStore", "AuditTrail", "DeclarationStore", "Customs", "PostgresClient", "SchemaMigrations", "TestSupport"]),
        .testTarget(name: "CarrierAPITests", dependencies: ["CarrierAPI", "OfficerAPI", "LaneStore", "DeclarationStore", "Customs", "HTTPServer"]),
    ],
    swiftLanguageModes: [.v6]
)
