import Foundation

/// Paths inside the repository checkout, found from this file's location.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `smartgate` binary `swift build` produced for this test run: `SMARTGATE_BINARY` when
    /// set (a build with another `--scratch-path`), else .build/debug or .build/release.
    public static func smartgateBinary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["SMARTGATE_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TestSupportError.binaryMissing("SMARTGATE_BINARY=\(path) is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        for configuration in ["debug", "release"] {
            let url = root.appendingPathComponent(".build/\(configuration)/smartgate")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw TestSupportError.binaryMissing("build the daemon first (`swift build`); make test does")
    }
}
