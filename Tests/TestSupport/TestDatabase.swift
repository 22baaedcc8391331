import Foundation
import PostgresClient
import Testing

/// A fresh database in the throwaway cluster that `make test` starts, one per test, so tests
/// running in parallel never see each other's rows.
public struct TestDatabase: Sendable {
    public let name: String
    public let url: String
    let adminURL: String

    /// The cluster `make test` started. Tests need the real PostgreSQL; without it they fail
    /// with instructions rather than pass by skipping.
    public static func clusterURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["SMARTGATE_TEST_DATABASE_URL"], !url.isEmpty else {
            Issue.record("SMARTGATE_TEST_DATABASE_URL is not set: run the tests with `make test`, which starts a throwaway PostgreSQL")
            throw TestSupportError.noDatabase
        }
        return url
    }

    public static func create() throws -> TestDatabase {
        let adminURL = try clusterURL()
        // Identifiers cannot be bound as parameters; this name is generated here, never input.
        let name = "sg_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresConnection(url: adminURL)
        defer { admin.close() }
        try admin.simpleQuery("CREATE DATABASE \(name)")
        return TestDatabase(name: name, url: replacingDatabase(in: adminURL, with: name), adminURL: adminURL)
    }

    public func connect() throws -> PostgresConnection {
        try PostgresConnection(url: url)
    }

    public func drop() {
        guard let admin = try? PostgresConnection(url: adminURL) else { return }
        defer { admin.close() }
        try? admin.simpleQuery("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }
}

public enum TestSupportError: Error {
    case noDatabase
    case binaryMissing(String)
}
