import Foundation

/// Paths inside the repository checkout, found from this file's location.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `smartgate` binary `swift build` produced for this test run.
    public static func smartgateBinary() throws -> URL {
        for configuration in ["debug", "release"] {
            let url = root.appendingPathComponent(".build/\(configuration)/smartgate")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw TestSupportError.binaryMissing("build the daemon first (`swift build`); make test does")
    }
}
