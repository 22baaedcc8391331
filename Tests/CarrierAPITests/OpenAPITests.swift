import CarrierAPI
import DeclarationStore
import Foundation
import HTTPServer
import LaneStore
import OfficerAPI
import Logging
import PostgresClient
import Testing

/// Docs/openapi.yaml describes every route the carrier API registers, with its method.
@Suite struct OpenAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `path → methods` from the spec's `paths:` section (two-space paths, four-space methods).
    static func documentedOperations() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent("Docs/openapi.yaml"), encoding: .utf8)
        var operations: [String: Set<String>] = [:]
        var inPaths = false
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#") { break }
            if line.hasPrefix("  /") && line.hasSuffix(":") {
                current = String(line.dropFirst(2).dropLast())
                operations[current!] = []
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) { operations[path]!.insert(method) }
            }
        }
        return operations
    }

    @Test func everyCarrierAndOfficerRouteIsInTheSpecWithItsMethod() throws {
        let documented = try Self.documentedOperations()
        // The store is never called: registering routes only keeps the handlers.
        let pool = PostgresPool(url: "postgresql://unused@127.0.0.1:1/none", size: 1)
        let store = DeclarationStore(pool: pool)
        defer { store.close() }
        var router = Router()
        let registry = RulesetRegistry(pool: pool)
        let traders = TraderRegister(pool: pool)
        CarrierRoutes.register(on: &router, handlers: DeclarationHandlers(
            store: store, authenticator: CarrierAuthenticator(carriers: CarrierStore(pool: pool)),
            router: LaneRouter(registry: registry, traders: traders)))
        OfficerRoutes.register(on: &router, handlers: OfficerHandlers(
            lanes: LaneStore(pool: pool), traders: traders, registry: registry,
            authenticator: OfficerAuthenticator(officers: OfficerStore(pool: pool))))
        #expect(!router.routes.isEmpty)
        for route in router.routes {
            #expect(documented[route.pattern]?.contains(route.method) == true, "\(route.method) \(route.pattern) is not in Docs/openapi.yaml")
        }
        for path in ["/health/live", "/health/ready", "/metrics"] {
            #expect(documented[path]?.contains("GET") == true, "GET \(path) is not in Docs/openapi.yaml")
        }
    }
}
