@testable import BufferedLog
import Glibc
import Logging
import Testing

@Suite struct BufferedLogTests {
    /// A sink writing into a pipe, and a reader for what has reached it so far.
    final class Pipe {
        let read: Int32, write: Int32
        init() {
            var fds: [Int32] = [0, 0]
            pipe(&fds)
            read = fds[0]
            write = fds[1]
            _ = fcntl(read, F_SETFL, fcntl(read, F_GETFL) | O_NONBLOCK)
        }
        deinit { close(read); close(write) }
        func available() -> String {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = Glibc.read(read, &chunk, chunk.count)
                if n <= 0 { break }
                bytes += chunk[0..<n]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func infoLinesWaitForAFlushAndComeOutInOrderInStreamLogHandlersFormat() {
        let pipe = Pipe()
        let sink = LogSink(fileDescriptor: pipe.write, interval: .seconds(3600))
        let logger = Logger(label: "smartgate") { BufferedLogHandler(label: $0, sink: sink, metadataProvider: nil) }
        logger.info("GET /health/live 200", metadata: ["status": "200", "method": "GET"])
        logger.info("second")
        #expect(pipe.available() == "")
        sink.flush()
        let lines = pipe.available().split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        // 2026-12-02T01:23:45+0000 info smartgate: method=GET status=200 [BufferedLogTests] GET /health/live 200
        #expect(lines[0].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} info smartgate: method=GET status=200 \[BufferedLogTests\] GET \/health\/live 200/) != nil, "\(lines[0])")
        #expect(lines[1].hasSuffix(" info smartgate: [BufferedLogTests] second"))
    }

    @Test func theLoggersAndTheProvidersMetadataAreMergedTheEventsWinning() {
        let pipe = Pipe()
        let sink = LogSink(fileDescriptor: pipe.write, interval: .seconds(3600))
        let provider = Logger.MetadataProvider { ["trace": "t1", "peer": "from-provider"] }
        var logger = Logger(label: "smartgate") { BufferedLogHandler(label: $0, sink: sink, metadataProvider: provider) }
        logger[metadataKey: "component"] = "api"
        logger[metadataKey: "peer"] = "from-logger"
        logger.info("merged", metadata: ["peer": "from-event", "status": "201"])
        var plain = Logger(label: "smartgate") { BufferedLogHandler(label: $0, sink: sink, metadataProvider: nil) }
        plain[metadataKey: "component"] = "api"
        plain.info("handler only")
        sink.flush()
        let lines = pipe.available().split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(" info smartgate: component=api peer=from-event status=201 trace=t1 [BufferedLogTests] merged"), "\(lines[0])")
        #expect(lines[1].hasSuffix(" info smartgate: component=api [BufferedLogTests] handler only"), "\(lines[1])")
    }

    @Test func anErrorIsWrittenAtOnceWithEverythingBeforeIt() {
        let pipe = Pipe()
        let sink = LogSink(fileDescriptor: pipe.write, interval: .seconds(3600))
        var logger = Logger(label: "smartgate") { BufferedLogHandler(label: $0, sink: sink, metadataProvider: nil) }
        logger[metadataKey: "peer"] = "10.0.0.1"
        logger.info("before")
        logger.error("the database is unreachable", metadata: ["attempt": "3"])
        let lines = pipe.available().split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("info smartgate: peer=10.0.0.1 [BufferedLogTests] before"))
        #expect(lines[1].hasSuffix("error smartgate: attempt=3 peer=10.0.0.1 [BufferedLogTests] the database is unreachable"))
    }

    @Test func theFlusherThreadWritesWithoutBeingAsked() throws {
        let pipe = Pipe()
        let sink = LogSink(fileDescriptor: pipe.write, interval: .milliseconds(20))
        let logger = Logger(label: "smartgate") { BufferedLogHandler(label: $0, sink: sink, metadataProvider: nil) }
        logger.info("eventually")
        var seen = ""
        for _ in 0..<200 where seen.isEmpty {
            usleep(10_000)
            seen = pipe.available()
        }
        #expect(seen.hasSuffix("[BufferedLogTests] eventually\n"))
    }

    @Test func aFullBufferIsWrittenByTheLineThatFillsIt() {
        let pipe = Pipe()
        let sink = LogSink(fileDescriptor: pipe.write, interval: .seconds(3600), flushBytes: 1024)
        let logger = Logger(label: "smartgate") { BufferedLogHandler(label: $0, sink: sink, metadataProvider: nil) }
        for i in 0..<40 { logger.info("line \(i)") }
        let written = pipe.available().split(separator: "\n")
        #expect(written.count >= 10 && written.count < 40)
        #expect(written.first?.hasSuffix("line 0") == true)
    }
}
