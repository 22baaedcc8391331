import Foundation
import Testing
import TestSupport
@testable import HTTPServer

/// The shared black-box conformance corpus (/work/shared/http-conformance), run against this
/// server whole and byte by byte. Every case must pass.
@Suite(.serialized) struct ConformanceTests {
    static let sharedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/http-conformance")

    static func router() -> Router {
        var router = Router()
        for path in ["/", "/url", "/test"] {
            router.get(path, blocking: false) { _ in HTTPResponse(status: .ok, text: "ok") }
            router.post(path, blocking: false) { r in HTTPResponse(status: .ok, text: "got \(r.body.count) bytes") }
            router.options(path, blocking: false) { _ in HTTPResponse(status: .noContent) }
        }
        router.get("/blocking") { _ in HTTPResponse(status: .ok, text: "ok") }
        return router
    }

    func runCorpus(_ extraArguments: [String]) throws {
        let runner = Self.sharedDirectory.appendingPathComponent("run.py")
        try #require(FileManager.default.fileExists(atPath: runner.path),
                     "the conformance corpus is missing: expected \(runner.path) (a sibling of the repository root)")
        try withServer(router: Self.router()) { _, port in
            let result = try runProcess("python3", [runner.path, "127.0.0.1:\(port)", "-q"] + extraArguments)
            let output = result.stdout + result.stderr
            // The runner's summary line, for the test log.
            print(result.stdout.split(separator: "\n").last.map(String.init) ?? "")
            #expect(result.status == 0, "conformance failures:\n\(output)")
        }
    }

    @Test func passesEveryConformanceCaseSentWhole() throws {
        try runCorpus([])
    }

    @Test func passesEveryConformanceCaseSentByteByByte() throws {
        try runCorpus(["--chunk", "1", "--delay", "0"])
    }
}
