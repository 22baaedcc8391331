import Foundation

/// A PostgreSQL cluster of a test's own, for tests that stop and restart the server (which the
/// shared cluster of `make test` must not do). Uses the same script as `make run`.
public final class PrivateCluster: @unchecked Sendable {
    public let directory: URL
    public private(set) var url = ""

    public init() throws {
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("sg-private-\(UUID().uuidString.prefix(8))")
        try start()
    }

    deinit { destroy() }

    public func start() throws {
        let result = try runProcess(Self.script, ["start", directory.appendingPathComponent("pg").path, "--throwaway"])
        guard result.status == 0 else { throw ClusterError(message: "cluster did not start: \(result.stderr)") }
        url = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func stop() throws {
        let result = try runProcess(Self.script, ["stop", directory.appendingPathComponent("pg").path])
        guard result.status == 0 else { throw ClusterError(message: "cluster did not stop: \(result.stderr)") }
    }

    public func destroy() {
        _ = try? runProcess(Self.script, ["destroy", directory.appendingPathComponent("pg").path])
        try? FileManager.default.removeItem(at: directory)
    }

    static var script: URL { Repository.root.appendingPathComponent(".ci/pg") }

    public struct ClusterError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
