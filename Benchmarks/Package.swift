// swift-tools-version:6.1
import PackageDescription

// Benchmark servers, kept out of the product (nothing in the root package depends on this one):
// a Hummingbird 2 reference (HTTP routes, and the declaration POST through postgres-nio) and
// SmartGate's own HTTPServer module serving the same two HTTP routes. See Docs/benchmarks.md and
// `make bench`.
let package = Package(
    name: "SmartGateBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SmartGate", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "DeclarationBody"),
        .executableTarget(
            name: "hummingbird-reference",
            dependencies: [
                "DeclarationBody",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "smartgate-http-bench",
            dependencies: ["DeclarationBody", .product(name: "HTTPServer", package: "SmartGate"), .product(name: "Customs", package: "SmartGate")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
