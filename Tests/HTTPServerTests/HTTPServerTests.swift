import Foundation
import Synchronization
import Testing
@testable import HTTPServer

/// The server over real sockets on an ephemeral port.
@Suite(.serialized) struct HTTPServerTests {
    static func router() -> Router {
        var router = Router()
        router.get("/health", blocking: false) { _ in HTTPResponse(status: .ok, text: "ok") }
        router.post("/echo", bodyLimit: 1024) { r in HTTPResponse(status: .created, headers: HTTPFields([("Content-Type", "application/octet-stream")]), body: r.body) }
        router.get("/slow/{ms}") { r in
            usleep(UInt32(r.pathParameters["ms"].flatMap { Int($0) } ?? 0) * 1000)
            return HTTPResponse(status: .ok, text: "slept \(r.pathParameters["ms"] ?? "")")
        }
        router.get("/big") { _ in
            let items = (0..<200).map { "{\"id\":\($0),\"name\":\"declaration \($0)\"}" }.joined(separator: ",")
            return HTTPResponse(status: .ok, jsonBytes: Array("[\(items)]".utf8))
        }
        router.get("/stream") { _ in
            HTTPResponse(status: .ok, headers: HTTPFields([("Content-Type", "text/plain")])) { w in
                w.write("one,")
                w.write("two")
            }
        }
        return router
    }

    @Test func reusesAKeepAliveConnection() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(c.readResponses(1).first?.text == "ok")
            c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            let r = c.readResponses(1)
            #expect(r.first?.status == 200)
            #expect(r.first?.header("Server") == "SmartGate")
            #expect(r.first?.header("Date") != nil)
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            // The first takes longest: a server answering out of order would send it last.
            c.send("GET /slow/150 HTTP/1.1\r\nHost: a\r\n\r\nGET /slow/1 HTTP/1.1\r\nHost: a\r\n\r\nGET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            let r = c.readResponses(3)
            #expect(r.map(\.text) == ["slept 150", "slept 1", "ok"])
        }
    }

    /// A deferring route's worker returns at once; the answer comes from another thread, later,
    /// in order with the connection's other answers. A thrown error answers when the promise was
    /// not fulfilled, a promise dropped unfulfilled answers 500, and only the first fulfilment counts.
    @Test func aDeferringRouteIsAnsweredFromAnotherThreadLaterAndInOrder() throws {
        var router = Self.router()
        router.post("/later/{ms}", bodyLimit: 1024, deferring: { request, promise in
            let ms = request.pathParameters["ms"].flatMap { Int($0) } ?? 0
            let body = request.body
            Thread {
                usleep(UInt32(ms) * 1000)
                promise.succeed(HTTPResponse(status: .created, text: "later \(ms) " + String(decoding: body, as: UTF8.self)))
                promise.succeed(HTTPResponse(status: .ok, text: "twice"))  // ignored
            }.start()
        })
        let release = DispatchSemaphore(value: 0)
        router.post("/hold", deferring: { _, promise in
            Thread {
                release.wait()
                promise.succeed(HTTPResponse(status: .created, text: "released"))
            }.start()
        })
        router.post("/refuse", deferring: { _, _ in throw HTTPError(.conflict, code: "taken", detail: "no") })
        router.post("/forget", deferring: { _, _ in })
        let big = Array(("[" + (0..<200).map { "{\"id\":\($0)}" }.joined(separator: ",") + "]").utf8)
        router.post("/later-big", deferring: { _, promise in
            Thread { promise.succeed(HTTPResponse(status: .ok, jsonBytes: big)) }.start()
        })
        try withServer(router: router, configure: { $0.workerCount = 1 }) { _, port in
            // One worker: were it waiting for the held answer, the second connection would get none.
            let held = try RawClient(port: port)
            held.send("POST /hold HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
            let other = try RawClient(port: port)
            other.send("GET /slow/1 HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(other.readResponses(1).first?.text == "slept 1")
            release.signal()
            #expect(held.readResponses(1).first?.text == "released")

            let c = try RawClient(port: port)
            c.send("POST /later/200 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx"
                   + "POST /later/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\ny"
                   + "GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            let r = c.readResponses(3)
            #expect(r.map(\.status) == [201, 201, 200])
            #expect(r.map(\.text) == ["later 200 x", "later 1 y", "ok"])
            c.send("POST /refuse HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\nPOST /forget HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
            let errors = c.readResponses(2)
            #expect(errors.map(\.status) == [409, 500])
            #expect(errors.first?.text.contains("\"code\":\"taken\"") == true)
            // A body worth compressing is compressed (on a worker, not the fulfilling thread).
            c.send("POST /later-big HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nContent-Length: 0\r\n\r\n")
            let zipped = try #require(c.readResponses(1).first)
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(Gzip.decompress(zipped.body) == big)
            // The connection is still usable.
            c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(c.readResponses(1).first?.text == "ok")
        }
    }

    /// A non-blocking deferring route runs on the I/O thread and needs no worker; what must wait
    /// goes to a worker through `offload`, and the I/O thread goes on serving meanwhile. A full
    /// pool answers 503; an error thrown on the worker is the answer; a large body is handled on
    /// a worker.
    @Test func aNonBlockingDeferringRouteRunsOnTheIOThreadAndOffloadsWhatWaits() throws {
        var router = Self.router()
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let handlerThreads = Mutex<Set<UInt>>([])
        router.post("/inline/{what}", bodyLimit: 1 << 20, blocking: false, deferring: { request, promise in
            handlerThreads.withLock { _ = $0.insert(UInt(pthread_self())) }
            switch request.pathParameters["what"] {
            case "wait":
                promise.offload {
                    started.signal()
                    release.wait()
                    promise.succeed(HTTPResponse(status: .created, text: "waited on \(UInt(pthread_self()))"))
                }
            case "fail-later":
                promise.offload { () throws(HTTPError) in throw HTTPError(.conflict, code: "taken", detail: "no") }
            case "refuse":
                throw HTTPError(.unprocessableContent, code: "invalid", detail: "no")
            default:
                promise.succeed(HTTPResponse(status: .created, text: "now " + String(decoding: request.body, as: UTF8.self)))
            }
        })
        try withServer(router: router, configure: { $0.workerCount = 1; $0.workerQueueCapacity = 1 }) { server, port in
            let held = try RawClient(port: port)
            held.send("POST /inline/wait HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
            #expect(started.wait(timeout: .now() + 5) == .success)
            // The one worker is held, and a second job fills its queue: the I/O thread still
            // answers the inline route, in order on a pipelined connection.
            let queued = try RawClient(port: port)
            queued.send("POST /inline/fail-later HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
            let deadline = Date().addingTimeInterval(5)
            while server.gauges.workerQueueDepth < 1 && Date() < deadline { usleep(1_000) }
            #expect(server.gauges.workerQueueDepth == 1)
            let c = try RawClient(port: port)
            c.send("POST /inline/x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\na"
                   + "POST /inline/refuse HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"
                   + "POST /inline/y HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nb")
            let r = c.readResponses(3)
            #expect(r.map(\.status) == [201, 422, 201])
            #expect(r.first?.text == "now a")
            #expect(r.last?.text == "now b")
            let full = try RawClient(port: port)
            full.send("POST /inline/wait HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
            let busy = try #require(full.readResponses(1).first)
            #expect(busy.status == 503)
            #expect(busy.header("Retry-After") == "1")
            release.signal()
            let waited = try #require(held.readResponses(1).first)
            #expect(waited.status == 201)
            // Every handler ran on the one I/O thread; the wait ran on another (the worker).
            let threads = handlerThreads.withLock { $0 }
            #expect(threads.count == 1)
            #expect(waited.text.hasPrefix("waited on ") && !threads.contains(UInt(waited.text.dropFirst(10)) ?? 0))
            #expect(queued.readResponses(1).first?.status == 409)
            // A body over the inline limit is handled on a worker all the same.
            let big = String(repeating: "z", count: Route.inlineBodyLimit + 1)
            let large = try RawClient(port: port)
            large.send("POST /inline/x HTTP/1.1\r\nHost: a\r\nContent-Length: \(big.utf8.count)\r\n\r\n" + big)
            #expect(large.readResponses(1).first?.status == 201)
            #expect(handlerThreads.withLock { $0.count } == 2)
        }
    }

    @Test func sends100ContinueOnlyWhenTheBodyIsWanted() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            var buf = [UInt8](repeating: 0, count: 256)
            let n = buf.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
            #expect(String(decoding: buf[0..<max(0, n)], as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
            c.send("hello")
            let r = c.readResponses(1)
            #expect(r.first?.status == 201)
            #expect(r.first?.text == "hello")

            // Over the limit: 413 at once, no 100 Continue, connection closed.
            let d = try RawClient(port: port)
            d.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
            let refused = d.readResponses(1)
            #expect(refused.first?.status == 413)
            #expect(refused.first?.header("Connection") == "close")
        }
    }

    @Test func answers413ToABodyOverTheRouteLimitAndCloses() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n" + String(repeating: "x", count: 2000))
            let r = c.readResponses(1)
            #expect(r.first?.status == 413)
            #expect(r.first?.header("Content-Type") == "application/problem+json")
            #expect(c.isClosedByPeer())
        }
    }

    @Test func answersHEADWithTheGETHeadersAndNoBody() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("HEAD /health HTTP/1.1\r\nHost: a\r\n\r\nGET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            let r = c.readResponses(2, headRequests: 1)
            #expect(r.count == 2)
            #expect(r.first?.header("Content-Length") == "2")
            #expect(r.first?.body.isEmpty == true)
            #expect(r.last?.text == "ok")
        }
    }

    @Test func closesAnHTTP10ConnectionUnlessAskedToKeepItAlive() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("GET /health HTTP/1.0\r\n\r\n")
            #expect(c.readResponses(1).first?.text == "ok")
            #expect(c.isClosedByPeer())

            let k = try RawClient(port: port)
            k.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(k.readResponses(1).first?.header("Connection") == "keep-alive")
            k.send("GET /health HTTP/1.0\r\n\r\n")
            #expect(k.readResponses(1).first?.text == "ok")
        }
    }

    @Test func gzipsACompressibleBodyWhenTheClientAllowsIt() throws {
        try withServer(router: Self.router()) { _, port in
            let plain = try RawClient(port: port)
            plain.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n")
            let original = try #require(plain.readResponses(1).first)
            #expect(original.header("Content-Encoding") == nil)
            #expect(original.header("Vary") == "Accept-Encoding")

            let c = try RawClient(port: port)
            c.send("GET /big HTTP/1.1\r\nHost: a\r\nAccept-Encoding: br, gzip\r\n\r\n")
            let zipped = try #require(c.readResponses(1).first)
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.body.count < original.body.count)
            #expect(Gzip.decompress(zipped.body) == original.body)

            let refusing = try RawClient(port: port)
            refusing.send("GET /big HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip;q=0, identity\r\n\r\n")
            #expect(refusing.readResponses(1).first?.header("Content-Encoding") == nil)
        }
    }

    @Test func streamsAResponseWithChunkedFraming() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n")
            let r = try #require(c.readResponses(1).first)
            #expect(r.header("Transfer-Encoding") == "chunked")
            #expect(r.text == "one,two")
        }
    }

    @Test func cutsOffASlowHeaderClientAtTheHeadTimeout() throws {
        try withServer(router: Self.router(), configure: { $0.timeouts.head = .milliseconds(300) }) { _, port in
            let c = try RawClient(port: port, receiveTimeout: 5)
            c.send("GET /health HTTP/1.1\r\nHo")
            #expect(c.isClosedByPeer())
        }
    }

    @Test func closesAnIdleKeepAliveConnectionAtTheIdleTimeout() throws {
        try withServer(router: Self.router(), configure: { $0.timeouts.idle = .milliseconds(300) }) { _, port in
            let c = try RawClient(port: port)
            c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(c.readResponses(1).count == 1)
            #expect(c.isClosedByPeer())
        }
    }

    @Test func refusesConnectionsBeyondTheLimitWith503() throws {
        try withServer(router: Self.router(), configure: { $0.maxConnections = 2 }) { server, port in
            let a = try RawClient(port: port)
            let b = try RawClient(port: port)
            a.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            b.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(a.readResponses(1).count == 1 && b.readResponses(1).count == 1)
            #expect(server.gauges.openConnections == 2)
            let c = try RawClient(port: port)
            c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
            let r = c.readResponses(1)
            #expect(r.first?.status == 503)
            #expect(r.first?.header("Connection") == "close")
        }
    }

    @Test func shutdownFinishesAnInFlightRequestAndClosesItsConnection() throws {
        var config = ServerConfiguration(host: "127.0.0.1", port: 0, workerCount: 2, ioThreadCount: 1)
        config.timeouts.idle = .seconds(30)
        let server = try HTTPServer(configuration: config, router: Self.router(), logger: .init(label: "test"))
        let port = try server.start()
        let c = try RawClient(port: port)
        let idle = try RawClient(port: port)
        idle.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = idle.readResponses(1)
        c.send("GET /slow/300 HTTP/1.1\r\nHost: a\r\n\r\n")
        usleep(50_000)
        let done = Thread { server.shutdown(deadline: .seconds(5)) }
        done.start()
        let r = c.readResponses(1)
        #expect(r.first?.text == "slept 300")
        #expect(r.first?.header("Connection") == "close")
        #expect(idle.isClosedByPeer())
        #expect(c.isClosedByPeer())
        while server.port != nil || server.gauges.openConnections > 0 { usleep(10_000) }
        #expect(server.gauges.inFlightRequests == 0)
    }

    @Test func reportsEachRequestToTheObserver() throws {
        let seen = Mutex<[RequestMetrics]>([])
        try withServer(router: Self.router(), configure: { c in c.requestObserver = { m in seen.withLock { $0.append(m) } } }) { _, port in
            let c = try RawClient(port: port)
            c.send("GET /slow/1 HTTP/1.1\r\nHost: a\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(c.readResponses(2).map(\.status) == [200, 404])
        }
        let metrics = seen.withLock { $0 }
        #expect(metrics.map(\.route) == ["/slow/{ms}", "unmatched"])
        #expect(metrics.map(\.status) == [200, 404])
        #expect(metrics.first?.bytesSent == "slept 1".utf8.count)
    }

    @Test func answersAMalformedRequestOnceWithProblemJSONAndCloses() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            let r = try #require(c.readResponses(1).first)
            #expect(r.status == 400)
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(r.header("Connection") == "close")
            #expect(r.text.contains("\"status\":400"))
            #expect(c.isClosedByPeer())
        }
    }

    @Test func echoesASaneRequestIDAndReplacesAnInsaneOne() throws {
        try withServer(router: Self.router()) { _, port in
            let c = try RawClient(port: port)
            c.send("GET /health HTTP/1.1\r\nHost: a\r\nX-Request-Id: abc-123.x_y\r\n\r\n")
            #expect(c.readResponses(1).first?.header("X-Request-Id") == "abc-123.x_y")
            c.send("GET /health HTTP/1.1\r\nHost: a\r\nX-Request-Id: <script>\r\n\r\n")
            let id = c.readResponses(1).first?.header("X-Request-Id")
            #expect(id != nil && id != "<script>")
        }
    }

    /// A client opening its connections at once (a carrier's pool) gets them spread over the I/O
    /// threads: one wakes for the burst and hands every other connection to the one holding fewer.
    @Test func connectionsOpenedAtOnceAreSpreadOverTheIOThreads() throws {
        try withServer(router: Self.router(), configure: { $0.ioThreadCount = 2 }) { server, port in
            var clients = try (0..<16).map { _ in try RawClient(port: port) }
            for c in clients {
                c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(c.readResponses(1).first?.text == "ok")
            }
            #expect(server.connectionsByIOThread == [8, 8])
            // A closed connection leaves its thread's count, so later ones still go where there is room.
            clients.removeFirst(8)
            let deadline = Date().addingTimeInterval(5)
            while server.connectionsByIOThread.reduce(0, +) > 8 && Date() < deadline { usleep(10_000) }
            let more = try (0..<8).map { _ in try RawClient(port: port) }
            for c in more {
                c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(c.readResponses(1).first?.text == "ok")
            }
            #expect(server.connectionsByIOThread == [8, 8])
            _ = clients
        }
    }
}
